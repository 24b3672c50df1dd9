/* Sum of n floats: an OpenMP reduction, vectorized (`simd`: the sum may be
 * reassociated, as the CUDA tree does) (benches/cpu_vs_gcc.sh). */
#include "bench.h"
#include <math.h>

static float reduce_sum(long n, const float *in) {
    float sum = 0.0f;
#pragma omp parallel for simd reduction(+ : sum)
    for (long i = 0; i < n; i++)
        sum += in[i];
    return sum;
}

int main(int argc, char **argv) {
    long n;
    int reps;
    parse_args(argc, argv, &n, &reps);
    float *in = xmalloc(n * sizeof *in);
    double ref = 0, mag = 0;
    for (long i = 0; i < n; i++) {
        in[i] = lcg_float();
        ref += in[i];
        mag += fabs(in[i]);
    }
    volatile float sum = reduce_sum(n, in);
    if (fabs(sum - ref) > 1e-5 * mag)
        fail("reduce_sum");
    TIME_MEDIAN(reps, , sum = reduce_sum(n, in));
    return 0;
}
