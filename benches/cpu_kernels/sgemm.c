/* C = A * B for n x n row-major float matrices, i-k-j loops (the inner loop
 * runs along rows of B and C, so it vectorizes), rows of C split across
 * threads (benches/cpu_vs_gcc.sh). */
#include "bench.h"
#include <math.h>
#include <string.h>

static void sgemm(int n, const float *a, const float *b, float *c) {
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        float *ci = c + (long)i * n;
        for (int j = 0; j < n; j++)
            ci[j] = 0.0f;
        for (int k = 0; k < n; k++) {
            float aik = a[(long)i * n + k];
            const float *bk = b + (long)k * n;
            for (int j = 0; j < n; j++)
                ci[j] += aik * bk[j];
        }
    }
}

int main(int argc, char **argv) {
    long size;
    int reps;
    parse_args(argc, argv, &size, &reps);
    int n = (int)size;
    float *a = xmalloc(size * size * sizeof *a), *b = xmalloc(size * size * sizeof *b);
    float *c = xmalloc(size * size * sizeof *c);
    for (long i = 0; i < size * size; i++)
        a[i] = lcg_float();
    for (long i = 0; i < size * size; i++)
        b[i] = lcg_float();
    sgemm(n, a, b, c);
    /* Check a sample of entries against a double-precision dot product. */
    for (int s = 0; s < 1000; s++) {
        int i = lcg_next() % n, j = lcg_next() % n;
        double ref = 0, mag = 0;
        for (int k = 0; k < n; k++) {
            ref += (double)a[(long)i * n + k] * b[(long)k * n + j];
            mag += fabs((double)a[(long)i * n + k] * b[(long)k * n + j]);
        }
        if (fabs(c[(long)i * n + j] - ref) > 1e-5 * mag + 1e-6)
            fail("sgemm");
    }
    TIME_MEDIAN(reps, , sgemm(n, a, b, c));
    return 0;
}
