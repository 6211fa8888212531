/// How the engine loop interleaves scheduling (host CPU) with the GPU.
public struct EngineLoopComponent: Sendable, Hashable, Codable {
  /// `sync`: schedule, then run the step: wall time = host CPU + GPU (vLLM V0, V1 before 0.14).
  /// `async`: the scheduler prepares step N+1 while step N runs (vLLM ≥ 0.14 default): wall time =
  /// max(GPU, host CPU), and a request that enters the wait queue during step N is first scheduled
  /// in step N+2 (at once when the engine is idle; preempted requests are exempt).
  public enum Mode: String, Sendable, Hashable, Codable, CaseIterable { case sync, async }

  /// What a step holds when chunked prefill is off.
  /// `prefillOnlySteps` (vLLM V0): waiting prompts are scheduled whole in prefill-only steps that
  /// run before (and stall) the running decodes. `mixed` (vLLM V1): prompts are scheduled whole,
  /// after the running decodes, in the same step.
  public enum UnchunkedPrefill: String, Sendable, Hashable, Codable, CaseIterable {
    case prefillOnlySteps = "prefill_only_steps", mixed
  }

  public var mode: Mode
  /// Multi-step scheduling (vLLM 0.6 `--num-scheduler-steps`): decode-only batches run this many
  /// steps with a fixed membership, paying the scheduler once, and their tokens reach the client
  /// in chunks of this size. 1 = off.
  public var multiStep: Int
  public var unchunkedPrefill: UnchunkedPrefill

  public init(mode: Mode = .async, multiStep: Int = 1, unchunkedPrefill: UnchunkedPrefill = .mixed) {
    self.mode = mode; self.multiStep = multiStep; self.unchunkedPrefill = unchunkedPrefill
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case mode, multiStep = "multi_step", unchunkedPrefill = "unchunked_prefill"
  }
}
