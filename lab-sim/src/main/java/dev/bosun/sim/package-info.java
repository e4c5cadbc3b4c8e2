package dev.bosun.sim;
