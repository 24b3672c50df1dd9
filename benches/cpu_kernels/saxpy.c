/* y = a*x + y over n floats (benches/cpu_vs_gcc.sh). */
#include "bench.h"
#include <math.h>

static void saxpy(long n, float a, const float *x, float *y) {
#pragma omp parallel for
    for (long i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}

int main(int argc, char **argv) {
    long n;
    int reps;
    parse_args(argc, argv, &n, &reps);
    float a = 1.5f, *x = xmalloc(n * sizeof *x), *y = xmalloc(n * sizeof *y);
    float *y0 = xmalloc(n * sizeof *y0);
    for (long i = 0; i < n; i++) {
        x[i] = lcg_float();
        y[i] = y0[i] = lcg_float();
    }
    saxpy(n, a, x, y);
    for (long i = 0; i < n; i++)
        if (fabsf(y[i] - (a * x[i] + y0[i])) > 1e-6f * (1 + fabsf(y[i])))
            fail("saxpy");
    TIME_MEDIAN(reps, , saxpy(n, a, x, y));
    return 0;
}
