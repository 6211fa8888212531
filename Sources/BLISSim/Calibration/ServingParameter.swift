/// A cost of a serving profile that `blis calibrate serving` can fit: a host-CPU or front-end /
/// output-path term (the GPU step model stays fixed). Named by its path in serving_profiles.yaml.
public enum ServingParameter: String, CaseIterable, Sendable, Hashable {
  case networkRoundTrip = "front_end.network_round_trip_us"
  case apiIngress = "front_end.api_ingress_us"
  case apiPerPromptToken = "front_end.api_per_prompt_token_us"
  case tokenizePerPromptToken = "front_end.tokenize_per_prompt_token_us"
  case hostStep = "host_cpu.step_us"
  case hostPerRunningRequest = "host_cpu.per_running_request_us"
  case hostPerScheduledToken = "host_cpu.per_scheduled_token_us"
  case hostPerOutputToken = "host_cpu.per_output_token_us"
  case hostTensorParallelStep = "host_cpu.tensor_parallel_step_us"
  case hostTensorParallelPerScheduledToken = "host_cpu.tensor_parallel_per_scheduled_token_us"
  case outputStep = "output_path.step_us"
  case outputPerToken = "output_path.per_token_us"
  case firstChunk = "output_path.first_chunk_us"
  case firstChunkPerPromptToken = "output_path.first_chunk_per_prompt_token_us"

  /// The parameters fitted by default: the terms the four sample runs pin down (TPOT at several
  /// batch sizes, TTFT of bursts, and TP > 1 runs for the tensor-parallel terms).
  public static func defaults(tensorParallel: Bool) -> [ServingParameter] {
    [.apiIngress, .hostStep, .hostPerRunningRequest, .hostPerOutputToken, .outputPerToken]
      + (tensorParallel ? [.hostTensorParallelStep, .hostTensorParallelPerScheduledToken] : [])
  }

  /// The field in a profile.
  public var keyPath: WritableKeyPath<ServingProfile, Double> {
    switch self {
    case .networkRoundTrip: return \.frontEnd.networkRoundTripMicros
    case .apiIngress: return \.frontEnd.apiIngressMicros
    case .apiPerPromptToken: return \.frontEnd.apiPerPromptTokenMicros
    case .tokenizePerPromptToken: return \.frontEnd.tokenizePerPromptTokenMicros
    case .hostStep: return \.hostCPU.stepMicros
    case .hostPerRunningRequest: return \.hostCPU.perRunningRequestMicros
    case .hostPerScheduledToken: return \.hostCPU.perScheduledTokenMicros
    case .hostPerOutputToken: return \.hostCPU.perOutputTokenMicros
    case .hostTensorParallelStep: return \.hostCPU.tensorParallelStepMicros
    case .hostTensorParallelPerScheduledToken: return \.hostCPU.tensorParallelPerScheduledTokenMicros
    case .outputStep: return \.outputPath.stepMicros
    case .outputPerToken: return \.outputPath.perTokenMicros
    case .firstChunk: return \.outputPath.firstChunkMicros
    case .firstChunkPerPromptToken: return \.outputPath.firstChunkPerPromptTokenMicros
    }
  }

  /// A typical magnitude, µs: the optimiser's unit for this parameter (its first step is a
  /// fraction of max(this, the starting value)), so a term that starts at 0 can still move.
  public var typicalMicros: Double {
    switch self {
    case .networkRoundTrip, .apiIngress, .firstChunk: return 1_000
    case .hostStep, .hostTensorParallelStep, .outputStep: return 300
    case .hostPerRunningRequest, .hostPerOutputToken, .outputPerToken: return 20
    case .apiPerPromptToken, .tokenizePerPromptToken, .hostPerScheduledToken, .hostTensorParallelPerScheduledToken,
         .firstChunkPerPromptToken:
      return 1
    }
  }

  /// The largest value the profile file accepts for the field.
  public var maximumMicros: Double {
    switch self {
    case .apiPerPromptToken, .tokenizePerPromptToken, .firstChunkPerPromptToken: return 1_000
    case .hostPerRunningRequest, .hostPerScheduledToken, .hostPerOutputToken, .hostTensorParallelPerScheduledToken,
         .outputPerToken:
      return 1_000_000
    case .networkRoundTrip, .apiIngress, .hostStep, .hostTensorParallelStep, .outputStep, .firstChunk: return 60_000_000
    }
  }
}
