/* cuwasm built-in header: time.h */
#pragma once
#include <stddef.h>
typedef long time_t;
typedef long clock_t;
typedef int clockid_t;
struct timespec {
  time_t tv_sec;
  long tv_nsec;
};
#define CLOCKS_PER_SEC 1000000L
#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
__host__ __device__ clock_t clock(void);
time_t time(time_t *t);
double difftime(time_t end, time_t begin);
int clock_gettime(clockid_t clk, struct timespec *ts);
