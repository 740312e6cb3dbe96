/*
 * juten_clock.h -- the one clock juten measures durations and deadlines
 * with.
 *
 * Part of juten_base: it includes nothing from the rest of juten.
 */
#ifndef JUTEN_CLOCK_H
#define JUTEN_CLOCK_H

/* Seconds on CLOCK_MONOTONIC: only differences mean anything.  It never
 * jumps when the wall clock is set (NTP, a planner changing the time zone),
 * so a time limit is never cut short or stretched by it. */
double juten_clock_monotonic(void);

#endif
