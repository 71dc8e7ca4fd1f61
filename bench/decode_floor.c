/* The floor under one decode of the default bundle's decoder (16-256-512-784, 2.15 MB of float32 weights), outside
 * the interpreter: the time to read that many bytes once from cache with AVX2 loads, and the time of the decoder's
 * three products as plain cblas_sgemv calls on one OpenBLAS thread. Weights are synthetic (only sizes matter).
 *
 *   gcc -O2 -mavx2 bench/decode_floor.c -o /tmp/decode_floor -lopenblas && /tmp/decode_floor
 */
#include <cblas.h>
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

extern void openblas_set_num_threads(int);

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Seconds per pass of summing `bytes` of floats, four AVX2 accumulators, after the data is in cache. */
static double read_pass(size_t bytes, float *sink) {
    size_t n = bytes / 4 / 32 * 32;
    float *a = aligned_alloc(64, n * 4);
    for (size_t i = 0; i < n; i++) a[i] = (float)(i % 97) * 1e-3f;
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    int passes = 2000;
    double best = 1e9;
    for (int round = 0; round < 4; round++) {
        double start = now();
        for (int p = 0; p < passes; p++)
            for (size_t i = 0; i < n; i += 32) {
                s0 = _mm256_add_ps(s0, _mm256_load_ps(a + i));
                s1 = _mm256_add_ps(s1, _mm256_load_ps(a + i + 8));
                s2 = _mm256_add_ps(s2, _mm256_load_ps(a + i + 16));
                s3 = _mm256_add_ps(s3, _mm256_load_ps(a + i + 24));
            }
        double t = (now() - start) / passes;
        if (round > 0 && t < best) best = t;
    }
    float out[8];
    _mm256_storeu_ps(out, _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    *sink += out[0];
    free(a);
    return best;
}

int main(void) {
    float sink = 0;
    size_t sizes[] = {2146304, 1073152, 524288};
    for (int i = 0; i < 3; i++) {
        double t = read_pass(sizes[i], &sink);
        printf("read %7zu bytes from cache: %6.2f us (%.1f GB/s)\n", sizes[i], t * 1e6, sizes[i] / t / 1e9);
    }
    openblas_set_num_threads(1);
    int d[4] = {16, 256, 512, 784};
    float *w[3], *v[4];
    for (int l = 0; l < 3; l++) {
        w[l] = malloc(sizeof(float) * d[l] * d[l + 1]);
        for (long i = 0; i < (long)d[l] * d[l + 1]; i++) w[l][i] = (float)(i % 7) * 0.01f;
    }
    for (int l = 0; l < 4; l++) v[l] = calloc(d[l], sizeof(float));
    for (int i = 0; i < 16; i++) v[0][i] = 0.1f;
    int calls = 20000;
    double best = 1e9;
    for (int round = 0; round < 4; round++) {
        double start = now();
        for (int r = 0; r < calls; r++)
            for (int l = 0; l < 3; l++)
                cblas_sgemv(CblasRowMajor, CblasNoTrans, d[l + 1], d[l], 1, w[l], d[l], v[l], 1, 0, v[l + 1], 1);
        double t = (now() - start) / calls;
        if (round > 0 && t < best) best = t;
    }
    printf("16-256-512-784 as three cblas_sgemv calls, one thread: %.1f us (%g)\n", best * 1e6, sink + v[3][0]);
    return 0;
}
