package dev.bosun.workflows.model;

import java.time.DayOfWeek;
import java.util.List;

/**
 * One maintenance window of {@code upgrade.window}: on each of {@code days}, from {@code start} to {@code end} wall-clock
 * time in {@code timeZone}. An end at or before the start runs overnight into the next day (the day is the day it
 * opens). The rules and the arithmetic live in {@link dev.bosun.workflows.rules.MaintenanceWindows}.
 *
 * @param days the days it opens on (every day of the week when the inventory leaves them out)
 * @param start "HH:MM", 00:00–23:59
 * @param end "HH:MM", 00:00–24:00
 * @param timeZone an IANA zone id (Europe/Paris) or UTC
 */
public record MaintenanceWindow(List<DayOfWeek> days, String start, String end, String timeZone) {}
