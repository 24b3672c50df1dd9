// 19_struct_params: a Params struct (with a nested struct and an array member)
// passed by value to kernels, and an array of Particle structs updated in
// place over 200 steps of a bouncing-ball simulation. The time step is a power
// of two and all quantities are multiples of 2^-k with few bits, so every
// operation is exact or a single rounding that the host reproduces bit for
// bit; the comparison is exact.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>

#define CUDA_CHECK(call)                                                     \
  do {                                                                       \
    cudaError_t err_ = (call);                                               \
    if (err_ != cudaSuccess) {                                               \
      fprintf(stderr, "CUDA error at %s:%d: %s\n", __FILE__, __LINE__,       \
              cudaGetErrorString(err_));                                     \
      exit(1);                                                               \
    }                                                                        \
  } while (0)

struct Box {
  float xmin, xmax, ymin, ymax;
};

struct Params {
  int n;
  float dt;       // 1/64
  float gravity;  // added to vy each step, times dt
  float damping;  // velocity factor on a bounce
  Box box;
  int weights[4];  // per-kind score weights
};

struct Particle {
  float x, y;
  float vx, vy;
  int kind;  // 0..3
  int bounces;
};

__device__ void reflect(float *pos, float *vel, float lo, float hi, float damping, int *bounces) {
  if (*pos < lo) {
    *pos = lo + (lo - *pos);
    *vel = -*vel * damping;
    (*bounces)++;
  } else if (*pos > hi) {
    *pos = hi - (*pos - hi);
    *vel = -*vel * damping;
    (*bounces)++;
  }
}

__global__ void step(Particle *ps, Params p) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p.n) return;
  Particle q = ps[i];  // struct copy
  q.vy += p.gravity * p.dt;
  q.x += q.vx * p.dt;
  q.y += q.vy * p.dt;
  reflect(&q.x, &q.vx, p.box.xmin, p.box.xmax, p.damping, &q.bounces);
  reflect(&q.y, &q.vy, p.box.ymin, p.box.ymax, p.damping, &q.bounces);
  ps[i] = q;
}

__global__ void score(const Particle *ps, Params p, int *scores) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < p.n) scores[i] = ps[i].bounces * p.weights[ps[i].kind];
}

// Host reference, written independently of the kernels.
static void host_step(Particle *q, const Params *p) {
  q->vy = q->vy + p->gravity * p->dt;
  q->x = q->x + q->vx * p->dt;
  q->y = q->y + q->vy * p->dt;
  if (q->x < p->box.xmin) { q->x = 2.0f * p->box.xmin - q->x; q->vx = -(q->vx * p->damping); q->bounces++; }
  else if (q->x > p->box.xmax) { q->x = 2.0f * p->box.xmax - q->x; q->vx = -(q->vx * p->damping); q->bounces++; }
  if (q->y < p->box.ymin) { q->y = 2.0f * p->box.ymin - q->y; q->vy = -(q->vy * p->damping); q->bounces++; }
  else if (q->y > p->box.ymax) { q->y = 2.0f * p->box.ymax - q->y; q->vy = -(q->vy * p->damping); q->bounces++; }
}

int main() {
  Params p;
  p.n = 4096;
  p.dt = 1.0f / 64.0f;
  p.gravity = -8.0f;
  p.damping = 0.5f;
  p.box.xmin = 0.0f;
  p.box.xmax = 16.0f;
  p.box.ymin = 0.0f;
  p.box.ymax = 8.0f;
  p.weights[0] = 1;
  p.weights[1] = 2;
  p.weights[2] = 3;
  p.weights[3] = 5;
  const int steps = 200;

  Particle *h_ps = (Particle *)malloc(p.n * sizeof(Particle));
  Particle *h_ref = (Particle *)malloc(p.n * sizeof(Particle));
  for (int i = 0; i < p.n; i++) {
    h_ps[i].x = (float)(i % 64) * 0.25f;          // [0, 16)
    h_ps[i].y = (float)((i / 64) % 32) * 0.25f;   // [0, 8)
    h_ps[i].vx = (float)((i * 7) % 33 - 16);       // [-16, 16]
    h_ps[i].vy = (float)((i * 11) % 17 - 8);       // [-8, 8]
    h_ps[i].kind = i % 4;
    h_ps[i].bounces = 0;
    h_ref[i] = h_ps[i];
  }

  Particle *d_ps;
  int *d_scores;
  CUDA_CHECK(cudaMalloc(&d_ps, p.n * sizeof(Particle)));
  CUDA_CHECK(cudaMalloc(&d_scores, p.n * sizeof(int)));
  CUDA_CHECK(cudaMemcpy(d_ps, h_ps, p.n * sizeof(Particle), cudaMemcpyHostToDevice));
  int threads = 128, blocks = (p.n + threads - 1) / threads;
  for (int s = 0; s < steps; s++) step<<<blocks, threads>>>(d_ps, p);
  score<<<blocks, threads>>>(d_ps, p, d_scores);
  CUDA_CHECK(cudaGetLastError());
  CUDA_CHECK(cudaDeviceSynchronize());
  int *h_scores = (int *)malloc(p.n * sizeof(int));
  CUDA_CHECK(cudaMemcpy(h_ps, d_ps, p.n * sizeof(Particle), cudaMemcpyDeviceToHost));
  CUDA_CHECK(cudaMemcpy(h_scores, d_scores, p.n * sizeof(int), cudaMemcpyDeviceToHost));

  for (int s = 0; s < steps; s++)
    for (int i = 0; i < p.n; i++) host_step(&h_ref[i], &p);
  int bad = 0;
  long long total_bounces = 0, total_score = 0;
  for (int i = 0; i < p.n; i++) {
    if (h_ps[i].x != h_ref[i].x || h_ps[i].y != h_ref[i].y || h_ps[i].vx != h_ref[i].vx ||
        h_ps[i].vy != h_ref[i].vy || h_ps[i].bounces != h_ref[i].bounces || h_ps[i].kind != h_ref[i].kind)
      bad++;
    if (h_scores[i] != h_ref[i].bounces * p.weights[h_ref[i].kind]) bad++;
    total_bounces += h_ref[i].bounces;
    total_score += h_scores[i];
  }
  cudaFree(d_ps);
  cudaFree(d_scores);
  free(h_ps);
  free(h_ref);
  free(h_scores);
  printf("struct_params: particles=%d steps=%d bounces=%lld score=%lld bad=%d %s\n", p.n, steps, total_bounces,
         total_score, bad, bad == 0 ? "PASSED" : "FAILED");
  return bad == 0 ? 0 : 1;
}
