/* 256-bin histogram of n bytes: each thread counts into a private copy (an
 * OpenMP array reduction), merged at the end (benches/cpu_vs_gcc.sh). */
#include "bench.h"
#include <string.h>

#define BINS 256

static void histogram(long n, const unsigned char *data, unsigned int *hist) {
#pragma omp parallel for reduction(+ : hist[:BINS])
    for (long i = 0; i < n; i++)
        hist[data[i]]++;
}

int main(int argc, char **argv) {
    long n;
    int reps;
    parse_args(argc, argv, &n, &reps);
    unsigned char *data = xmalloc(n);
    unsigned int hist[BINS], ref[BINS] = {0};
    for (long i = 0; i < n; i++) {
        data[i] = (unsigned char)(lcg_next() >> 24);
        ref[data[i]]++;
    }
    memset(hist, 0, sizeof hist);
    histogram(n, data, hist);
    if (memcmp(hist, ref, sizeof hist))
        fail("histogram");
    TIME_MEDIAN(reps, memset(hist, 0, sizeof hist), histogram(n, data, hist));
    return 0;
}
