/*
 * clock.c -- juten_clock_monotonic(): time limits, deadlines and progress
 * seconds all read this one clock, so a deadline computed in one module
 * (the CLI's --time-limit) means the same instant in another (the solver).
 */
#include "juten_clock.h"

#include <time.h>

double juten_clock_monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
