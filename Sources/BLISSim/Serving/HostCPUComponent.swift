/// Host CPU of one engine step (scheduling, input preparation, sampling bookkeeping, engine-side
/// output processing), µs. It does not shrink with tensor parallelism, which is why small models
/// stop getting faster at high TP. How it adds to the step's wall time depends on the loop mode
/// (`EngineLoopComponent.Mode`). With multi-step scheduling a chunk of K steps pays `stepMicros`
/// and the per-token terms for every step, but the per-request scheduling term once.
public struct HostCPUComponent: Sendable, Hashable, Codable {
  /// Per GPU step (each step of a multi-step chunk).
  public var stepMicros: Double
  /// Per request in the running batch, per scheduler pass.
  public var perRunningRequestMicros: Double
  /// Per token scheduled in the step (input preparation of prefill chunks).
  public var perScheduledTokenMicros: Double
  /// Per output token produced by the step, on the engine side (e.g. V0 detokenisation).
  public var perOutputTokenMicros: Double
  /// Extra per GPU step when tensor parallelism > 1 (broadcasting the step to the workers, gathering).
  public var tensorParallelStepMicros: Double
  /// Extra per scheduled token when tensor parallelism > 1 (per-token inputs sent to every worker).
  public var tensorParallelPerScheduledTokenMicros: Double

  public init(stepMicros: Double = 300, perRunningRequestMicros: Double = 10, perScheduledTokenMicros: Double = 0,
              perOutputTokenMicros: Double = 0, tensorParallelStepMicros: Double = 0,
              tensorParallelPerScheduledTokenMicros: Double = 0) {
    self.stepMicros = stepMicros; self.perRunningRequestMicros = perRunningRequestMicros
    self.perScheduledTokenMicros = perScheduledTokenMicros; self.perOutputTokenMicros = perOutputTokenMicros
    self.tensorParallelStepMicros = tensorParallelStepMicros
    self.tensorParallelPerScheduledTokenMicros = tensorParallelPerScheduledTokenMicros
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case stepMicros = "step_us", perRunningRequestMicros = "per_running_request_us"
    case perScheduledTokenMicros = "per_scheduled_token_us", perOutputTokenMicros = "per_output_token_us"
    case tensorParallelStepMicros = "tensor_parallel_step_us"
    case tensorParallelPerScheduledTokenMicros = "tensor_parallel_per_scheduled_token_us"
  }
}
