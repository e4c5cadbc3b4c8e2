package dev.bosun.cli;
