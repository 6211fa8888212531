extension RequestOutLine {
  /// The `--requests-out` line of a request that left the simulation. Latencies are present only
  /// for completed requests (`nil` → `null`); the mean ITL only when it produced ≥ 2 tokens.
  /// Arrival seconds come from integer microseconds, so rounding back to µs is exact.
  public init(record r: RequestRecord) {
    let completed = r.outcome == .completed
    self.init(id: "request_\(r.id)", instance: r.instance >= 0 ? r.instance : nil,
              arrival: SimTime(microseconds: saturatingMicroseconds((r.arrivalSeconds * 1_000_000).rounded())),
              timeToFirstToken: completed ? SimDuration(microseconds: r.ttftMicros) : nil,
              endToEnd: completed ? SimDuration(microseconds: r.e2eMicros) : nil,
              meanInterTokenLatencyMicros: completed && r.itlCount > 0 ? r.tpotMicros : nil,
              inputTokens: r.inputTokens, outputTokens: r.outputTokens, cachedTokens: r.cachedPromptTokens,
              preemptions: r.preemptions, outcome: r.outcome.rawValue)
  }
}
