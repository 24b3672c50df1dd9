/* cuwasm built-in header: cuda_runtime.h. nvcc includes it before every .cu
   file, and so does cuwasm (PreprocessOptions::implicit_cuda_runtime). */
#pragma once
#ifndef __CUWASM_CUDA_RUNTIME_H
#define __CUWASM_CUDA_RUNTIME_H
#define __inline__ inline
#define __align__(n) alignas(n)
#define __CUDA_RUNTIME_H__
#include <stddef.h>
#include <driver_types.h>
#include <vector_types.h>
#include <vector_functions.h>
#include <cuda_runtime_api.h>
#include <device_launch_parameters.h>
#include <device_functions.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#endif
