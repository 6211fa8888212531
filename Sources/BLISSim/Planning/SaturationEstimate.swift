/// A quick analytic guess of a deployment's maximum throughput, used only as the capacity
/// search's starting rate (the search brackets from there, so the guess affects only how many
/// probes run, never the answer's rule).
///
/// Per instance, a request costs its prompt's share of a full prefill step plus its outputs'
/// share of decode steps at the largest batch the engine allows (`maxNumSeqs`, or fewer when the
/// KV cache cannot hold that many average contexts):
/// `seconds per request ≈ P·t(prefill budget)/budget + O·t(decode B)/B`, rate ≈ instances ÷ that,
/// where a step's time is its wall time under the serving stack (host CPU ⊕ GPU) and never less
/// than the API server's output processing of its tokens.
public enum SaturationEstimate {
  public static func requestsPerSecond(plan: RunPlan) -> Double {
    let prompt: Double, output: Double
    if case .synthetic(let spec) = plan.workload {
      prompt = spec.promptTokens.nominalMean + Double(spec.sharedPrefix?.prefixTokens ?? 0)
      output = spec.outputTokens.nominalMean
    } else {
      prompt = 512; output = 512
    }
    let e = plan.engine
    let meanContext = max(1, Int(prompt + output / 2))
    let kvTokens = e.totalKVBlocksPerInstance * e.blockSizeTokens
    let batch = max(1, min(e.maxNumSeqs, kvTokens / meanContext))
    let model = plan.deployment.stepTime.model
    let serving = e.serving
    func seconds(_ shape: BatchShape) -> Double {
      let gpu = Double(model.stepTime(for: shape).microseconds)
      let host = serving.hostMicros(running: shape.requestCount, scheduledTokens: shape.totalNewTokens,
                                    outputTokens: shape.logitsRows)
      let output = serving.outputPath.stepMicros + serving.outputPath.perTokenMicros * Double(shape.logitsRows)
      return max(serving.wallMicros(hostMicros: host, gpuMicros: gpu), output) / 1e6
    }
    let decode = seconds(BatchShape(decodeCount: batch, decodeContextTokensSum: batch * meanContext))
    let budget = e.maxNumBatchedTokens
    let prefill = seconds(BatchShape(prefills: [PrefillChunk(contextTokens: 0, newTokens: budget)]))
    let perRequest = prompt * prefill / Double(budget) + output * decode / Double(batch)
    guard perRequest > 0, perRequest.isFinite else { return 1 }
    return Double(e.instances) / perRequest
  }
}
