import Foundation

/// How many KV-cache blocks one serving instance has, computed physically per GPU.
///
/// Every GPU of a TP group holds its shard of *every* token's KV (its K/TP heads, or one replicated
/// head when K < TP), so a block of `blockSizeTokens` tokens exists on every GPU at once and the
/// instance's block count equals the per-GPU count:
///
///     free per GPU = memory·utilisation − weights/TP − activation reserve − non-torch overhead
///     blocks       = ⌊free per GPU ÷ (KV bytes per token per GPU · block size)⌋
///
/// The reference sums memory over all TP GPUs but divides by the *per-GPU* block size, which counts
/// about TP× more blocks than vLLM really has (e.g. Llama-3.1-8B TP2: ~2.0 M tokens instead of
/// ~1 M). We do not copy that.
public struct KVCapacity: Sendable, Equatable {
  /// KV blocks per instance.
  public var blocks: Int
  /// Bytes of one block on one GPU.
  public var blockBytes: Double
  /// Memory vLLM may use on one GPU (memory × utilisation), bytes.
  public var usableBytesPerGPU: Double
  /// Weights on one GPU, bytes.
  public var weightBytesPerGPU: Double
  /// Peak activation memory of the profiling forward pass on one GPU, bytes.
  public var activationBytesPerGPU: Double
  /// CUDA context, cuBLAS workspaces, NCCL buffers on one GPU, bytes.
  public var nonTorchBytesPerGPU: Double

  /// Free memory per GPU left for the KV cache, bytes (negative when the model does not fit).
  public var kvBytesPerGPU: Double {
    usableBytesPerGPU - weightBytesPerGPU - activationBytesPerGPU - nonTorchBytesPerGPU
  }

  /// Non-torch memory per GPU: ~0.5 GiB of CUDA context and library workspaces, plus ~0.5 GiB of
  /// NCCL / custom all-reduce buffers when TP > 1 (typical `nvidia-smi` minus torch figures).
  public static func nonTorchBytes(tensorParallelism: Int) -> Double {
    (tensorParallelism > 1 ? 1.0 : 0.5) * 1_073_741_824
  }

  /// Peak activation memory of vLLM's profiling run on one GPU, bytes: one forward pass of
  /// `maxNumBatchedTokens` tokens holding the residual stream, norm output and attention input
  /// (≈ 4·d + QKV width/TP elements per token) and the FFN intermediate (3·F/TP, gate+up then
  /// SiLU·mul), plus fp32 logits for `maxNumSeqs` sequences twice (logits and sampler copy).
  public static func activationBytes(model c: ModelConfig, tensorParallelism tp: Int,
                                     maxNumBatchedTokens: Int, maxNumSeqs: Int) -> Double {
    let t = Double(tp)
    var ffn = Double(c.intermediate)
    if let m = c.moe { ffn = max(c.denseLayerCount > 0 ? ffn : 0, Double(m.expertsPerToken) * Double(m.expertIntermediate) + Double(m.sharedIntermediate)) }
    let perToken = (4 * Double(c.hidden) + c.attentionInputWidth / t + 3 * ffn / t) * c.dtypeBytes
    let logits = Double(maxNumSeqs) * Double(c.vocab) / t * 4 * 2
    return Double(maxNumBatchedTokens) * perToken + logits
  }

  /// Computes the capacity of `model` on `hardware` at tensor parallelism `tensorParallelism`.
  ///
  /// - Throws: `KVCapacityError.doesNotFit` naming the smallest power-of-two TP (≤ 64) that fits,
  ///   or `.invalidParameter` for a non-positive block size/TP or a utilisation outside (0, 1].
  public static func compute(model: ModelConfig, hardware: HardwareSpec, tensorParallelism: Int,
                             blockSizeTokens: Int = 16, gpuMemoryUtilization: Double = 0.9,
                             maxNumBatchedTokens: Int = 2048, maxNumSeqs: Int = 256) throws(KVCapacityError) -> KVCapacity {
    guard tensorParallelism >= 1 else { throw .invalidParameter(name: "tensor parallelism", value: "\(tensorParallelism)", allowed: "≥ 1") }
    guard blockSizeTokens >= 1 else { throw .invalidParameter(name: "block size", value: "\(blockSizeTokens)", allowed: "≥ 1") }
    guard gpuMemoryUtilization > 0, gpuMemoryUtilization <= 1 else {
      throw .invalidParameter(name: "gpu memory utilization", value: "\(gpuMemoryUtilization)", allowed: "(0, 1]")
    }
    func estimate(_ tp: Int) -> KVCapacity {
      let blockBytes = model.kvBytesPerToken(perGPUAtTP: tp) * Double(blockSizeTokens)
      var k = KVCapacity(blocks: 0, blockBytes: blockBytes,
                         usableBytesPerGPU: hardware.memoryGiB * 1_073_741_824 * gpuMemoryUtilization,
                         weightBytesPerGPU: model.weightBytes / Double(tp),
                         activationBytesPerGPU: activationBytes(model: model, tensorParallelism: tp,
                                                                maxNumBatchedTokens: maxNumBatchedTokens, maxNumSeqs: maxNumSeqs),
                         nonTorchBytesPerGPU: nonTorchBytes(tensorParallelism: tp))
      k.blocks = k.kvBytesPerGPU > 0 ? Int((k.kvBytesPerGPU / blockBytes).rounded(.down)) : 0
      return k
    }
    let result = estimate(tensorParallelism)
    if result.blocks > 0 { return result }
    if result.kvBytesPerGPU > 0 {
      // The model fits; one block of this size does not (e.g. a block size of 10⁹ tokens).
      throw .blockDoesNotFit(blockSizeTokens: blockSizeTokens, blockGiB: result.blockBytes / 1_073_741_824,
                             freeGiB: result.kvBytesPerGPU / 1_073_741_824)
    }
    var suggestion: Int?
    var tp = 1
    while tp <= 64 {
      if tp > tensorParallelism, estimate(tp).blocks > 0 { suggestion = tp; break }
      tp *= 2
    }
    throw .doesNotFit(gpu: hardware.name, tensorParallelism: tensorParallelism,
                      usableGiB: result.usableBytesPerGPU / 1_073_741_824,
                      neededGiB: (result.weightBytesPerGPU + result.activationBytesPerGPU + result.nonTorchBytesPerGPU) / 1_073_741_824,
                      smallestFittingTP: suggestion)
  }
}

/// Why KV capacity could not be computed. One-line descriptions.
public enum KVCapacityError: Error, Equatable, CustomStringConvertible {
  case doesNotFit(gpu: String, tensorParallelism: Int, usableGiB: Double, neededGiB: Double, smallestFittingTP: Int?)
  case invalidParameter(name: String, value: String, allowed: String)
  /// The model fits but the KV memory left is smaller than one block.
  case blockDoesNotFit(blockSizeTokens: Int, blockGiB: Double, freeGiB: Double)

  public var description: String {
    switch self {
    case .doesNotFit(let gpu, let tp, let usable, let needed, let fit):
      let hint = fit.map { "; the smallest TP that fits is \($0)" } ?? "; no TP up to 64 fits"
      return "model does not fit on \(gpu) at TP \(tp): needs \(fmt(needed)) GiB per GPU for weights, activations and overhead "
        + "but only \(fmt(usable)) GiB is usable, leaving nothing for the KV cache\(hint)"
    case .invalidParameter(let n, let v, let a):
      return "\(n) = \(v) is invalid (allowed: \(a))"
    case .blockDoesNotFit(let tokens, let block, let free):
      return "--block-size \(tokens): one KV block needs \(fmt(block)) GiB per GPU but only \(fmt(free)) GiB is left for the KV cache; use a smaller block size (vLLM uses 16)"
    }
  }
  private func fmt(_ x: Double) -> String { String(format: "%.1f", x) }
}
