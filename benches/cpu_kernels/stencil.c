/* One 5-point Jacobi step on an n x n grid, boundary copied
 * (benches/cpu_vs_gcc.sh). */
#include "bench.h"

static void jacobi(int nx, int ny, const float *in, float *out) {
#pragma omp parallel for
    for (int y = 0; y < ny; y++) {
        const float *r = in + (long)y * nx;
        float *o = out + (long)y * nx;
        if (y == 0 || y == ny - 1) {
            for (int x = 0; x < nx; x++)
                o[x] = r[x];
            continue;
        }
        o[0] = r[0];
        for (int x = 1; x < nx - 1; x++)
            o[x] = 0.25f * (r[x - 1] + r[x + 1] + r[x - nx] + r[x + nx]);
        o[nx - 1] = r[nx - 1];
    }
}

int main(int argc, char **argv) {
    long size;
    int reps;
    parse_args(argc, argv, &size, &reps);
    int n = (int)size;
    float *in = xmalloc(size * size * sizeof *in), *out = xmalloc(size * size * sizeof *out);
    for (long i = 0; i < size * size; i++)
        in[i] = lcg_float();
    jacobi(n, n, in, out);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            long i = (long)y * n + x;
            int edge = x == 0 || y == 0 || x == n - 1 || y == n - 1;
            float ref = edge ? in[i] : 0.25f * (in[i - 1] + in[i + 1] + in[i - n] + in[i + n]);
            if (out[i] != ref)
                fail("jacobi");
        }
    TIME_MEDIAN(reps, , jacobi(n, n, in, out));
    return 0;
}
