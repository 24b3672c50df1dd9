/* Shared by the C side of benches/cpu_vs_gcc.sh: a deterministic generator of
 * inputs, the median of the timed repetitions, and the command line.
 *
 * Every program is run as `PROG SIZE [REPS]`: it makes its inputs, runs the
 * kernel once (warm-up) and checks the result, then times REPS more runs
 * (omp_get_wtime around the kernel only) and prints their median in ms. */
#ifndef BENCH_H
#define BENCH_H

#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t lcg_state = 0x853c49e6748fea9bULL;

/* The next pseudo-random 32 bits (a 64-bit LCG, high half). */
static inline uint32_t lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(lcg_state >> 32);
}

/* A pseudo-random float in [-1, 1). */
static inline float lcg_float(void) { return (float)(lcg_next() >> 8) / 8388608.0f - 1.0f; }

static void *xmalloc(size_t bytes) {
    void *p = malloc(bytes);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(1);
    }
    return p;
}

static void fail(const char *what) {
    fprintf(stderr, "wrong result: %s\n", what);
    exit(1);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of n values (sorts them). */
static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* SIZE and REPS from the command line. */
static void parse_args(int argc, char **argv, long *size, int *reps) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SIZE [REPS]\n", argv[0]);
        exit(2);
    }
    *size = atol(argv[1]);
    *reps = argc > 2 ? atoi(argv[2]) : 10;
    if (*size <= 0 || *reps <= 0 || *reps > 1000) {
        fprintf(stderr, "%s: bad SIZE or REPS\n", argv[0]);
        exit(2);
    }
}

/* Time `body` reps times and print the median in ms. */
#define TIME_MEDIAN(reps, setup, body)                                                             \
    do {                                                                                           \
        double times_[1000];                                                                       \
        for (int r_ = 0; r_ < (reps); r_++) {                                                      \
            setup;                                                                                 \
            double t0_ = omp_get_wtime();                                                          \
            body;                                                                                  \
            times_[r_] = (omp_get_wtime() - t0_) * 1e3;                                            \
        }                                                                                          \
        printf("%.3f\n", median(times_, (reps)));                                                  \
    } while (0)

#endif
