/// Counters and latency histograms of one instance (cluster figures are merges of these).
struct InstanceMetrics: Sendable {
  var completed = 0
  var droppedUnservable = 0
  var rejectedTooLong = 0
  /// Requests whose outputs were capped to fit `max_model_len`.
  var lengthCapped = 0
  var inputTokens = 0
  var outputTokens = 0
  var cachedPromptTokens = 0
  var preemptions = 0
  var steps = 0
  /// Σ over steps of requests scheduled in the step.
  var scheduledRequestSteps = 0
  var ttft = LogHistogram()
  /// Every inter-token gap, pooled over requests.
  var itl = LogHistogram()
  var tpot = LogHistogram()
  var e2e = LogHistogram()
  var schedulingDelay = LogHistogram()

  mutating func recordCompletion(_ r: RequestRecord) {
    completed += 1
    inputTokens += r.inputTokens
    outputTokens += r.outputTokens
    cachedPromptTokens += r.cachedPromptTokens
    ttft.add(r.ttftMicros)
    e2e.add(r.e2eMicros)
    schedulingDelay.add(r.schedulingDelayMicros)
    if r.outputTokens > 1 { tpot.add(saturatingMicroseconds(roundedHalfAwayFromZero(r.tpotMicros))) }
  }

  mutating func merge(_ o: InstanceMetrics) {
    completed += o.completed; droppedUnservable += o.droppedUnservable; rejectedTooLong += o.rejectedTooLong
    lengthCapped += o.lengthCapped; inputTokens += o.inputTokens; outputTokens += o.outputTokens
    cachedPromptTokens += o.cachedPromptTokens; preemptions += o.preemptions; steps += o.steps
    scheduledRequestSteps += o.scheduledRequestSteps
    ttft.merge(o.ttft); itl.merge(o.itl); tpot.merge(o.tpot); e2e.merge(o.e2e)
    schedulingDelay.merge(o.schedulingDelay)
  }
}
