/* out = transpose(in) for an n x n float matrix (n a multiple of 32), in
 * 32 x 32 tiles for locality, rows of tiles split across threads
 * (benches/cpu_vs_gcc.sh). */
#include "bench.h"

#define TILE 32

static void transpose(int n, const float *in, float *out) {
#pragma omp parallel for
    for (int by = 0; by < n; by += TILE)
        for (int bx = 0; bx < n; bx += TILE)
            for (int y = by; y < by + TILE; y++)
                for (int x = bx; x < bx + TILE; x++)
                    out[(long)x * n + y] = in[(long)y * n + x];
}

int main(int argc, char **argv) {
    long size;
    int reps;
    parse_args(argc, argv, &size, &reps);
    int n = (int)size;
    if (n % TILE) {
        fprintf(stderr, "transpose: SIZE must be a multiple of %d\n", TILE);
        return 2;
    }
    float *in = xmalloc(size * size * sizeof *in), *out = xmalloc(size * size * sizeof *out);
    for (long i = 0; i < size * size; i++)
        in[i] = lcg_float();
    transpose(n, in, out);
    for (long y = 0; y < n; y++)
        for (long x = 0; x < n; x++)
            if (out[x * n + y] != in[y * n + x])
                fail("transpose");
    TIME_MEDIAN(reps, , transpose(n, in, out));
    return 0;
}
