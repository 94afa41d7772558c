#pragma once
// The device layer on an NVIDIA GPU: cuBLAS (cublasGemmEx, float32 accumulation) for the
// matrix products, this folder's kernels for the rest, plain cudaMalloc memory, the default
// stream. Every CUDA and cuBLAS call is checked; a failure throws std::runtime_error naming it.
// Built only when CMake finds CUDA (SPATIALGEN_HAVE_CUDA).
#include <memory>
#include <string>

#include "infer/vlm/vlm_device.h"

namespace spatialgen::vlm {

// CUDA devices this process sees: 0 without a driver or a device.
int CudaDeviceCount();

// Device 0 as "NVIDIA H200 (compute 9.0, 132 SMs, 139.8 GiB, driver 13.0, runtime 13.0)".
std::string CudaDeviceDescription();

// The device layer on device 0. Throws std::runtime_error when there is none.
std::unique_ptr<VlmDevice> MakeCudaDevice(ComputeType compute);

}  // namespace spatialgen::vlm
