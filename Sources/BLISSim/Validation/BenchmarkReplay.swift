/// The workload a benchmark result describes, rebuilt for the simulator: the recorded per-request
/// lengths (else the means of the totals), sent the way benchmark_serving sent them — all at t = 0
/// for `request_rate: inf`, else gamma gaps (shape = burstiness, scale = 1/(rate·burstiness), the
/// first request at t = 0) — and, with `max_concurrency`, through that many clients: a request
/// starts when it is due and a client is free, and its latencies count from then (benchmark_serving
/// starts a request's timer after its semaphore).
public struct BenchmarkReplay: Sendable {
  public let workload: Workload
  /// Per request in send order: output tokens as benchmark_serving counted them (0 = empty
  /// output; the simulation still generates that request's one, EOS, token).
  public let countedOutputTokens: [Int]
  /// What was assumed where the file is silent (one line each).
  public let notes: [String]

  /// Rebuilds `result`'s workload; `seed` seeds the arrival gaps (the file does not hold the
  /// benchmark's own draws).
  public static func make(_ result: BenchmarkResult, seed: UInt64) throws(BenchmarkResultError) -> BenchmarkReplay {
    let file = result.source
    guard let count = result.requestCount else {
      throw .missing(file, "input_lens", hint: "per-request lengths, or num_prompts with total_input_tokens and total_output_tokens")
    }
    var notes: [String] = []
    let divisor = max(1, result.completed ?? count)
    func lengths(_ recorded: [Int]?, total: Int?, field: String, totalField: String) throws(BenchmarkResultError) -> [Int] {
      if let recorded { return recorded }
      guard let total else {
        throw .missing(file, field, hint: "per-request lengths, or \(totalField) to use their mean")
      }
      let mean = max(1, Int((Double(total) / Double(divisor)).rounded()))
      notes.append("no \(field): every request gets the mean, \(totalField) / \(divisor) = \(mean) tokens")
      return Array(repeating: mean, count: count)
    }
    let prompts = try lengths(result.inputLens, total: result.totalInputTokens, field: "input_lens", totalField: "total_input_tokens")
    let outputs = try lengths(result.outputLens, total: result.totalOutputTokens, field: "output_lens", totalField: "total_output_tokens")
    let empty = outputs.filter { $0 == 0 }.count
    if empty > 0 {
      notes.append("\(empty) request\(empty == 1 ? "" : "s") with empty output: simulated as 1 (EOS) token, counted as TTFT 0 and 0 output tokens")
    }

    let arrivals = arrivalTimes(count: count, rate: result.requestRate, burstiness: result.burstiness, seed: seed)
    if case .perSecond(let rate) = result.requestRate {
      notes.append("arrivals: gamma gaps (shape \(SettingParser<Double>.plain(result.burstiness)), \(result.burstiness == 1 ? "Poisson, " : "")mean 1/\(SettingParser<Double>.plain(rate)) s) drawn with seed \(seed); the benchmark's own draws are not in the file")
    }
    let rows = zip(arrivals, zip(prompts, outputs)).map { arrival, lens in
      TraceWorkload.Row(arrival: arrival, promptTokens: lens.0, outputTokens: max(1, lens.1))
    }
    var trace: TraceWorkload
    do { trace = try TraceWorkload(rows: rows) } catch {
      throw BenchmarkResultError(file: file, message: "cannot be replayed: \(error)")
    }
    if let clients = result.maxConcurrency {
      trace.closedLoop = ClosedLoop(clients: clients)
      notes.append("max_concurrency \(clients): at most \(clients) requests in flight; a request starts when it is due and a client is free, and its latencies count from then")
    }
    return BenchmarkReplay(workload: .trace(trace), countedOutputTokens: outputs, notes: notes)
  }

  /// Send times: all 0 for an unbounded rate; else the first at 0 and gamma(shape b) / (rate·b)
  /// gaps after it, from the `arrivals` stream of `seed`.
  static func arrivalTimes(count: Int, rate: BenchmarkResult.RequestRate, burstiness: Double, seed: UInt64) -> [SimTime] {
    guard case .perSecond(let perSecond) = rate else { return Array(repeating: .zero, count: count) }
    var stream = RandomStreams(masterSeed: seed).generator(named: "arrivals")
    var times: [SimTime] = []
    times.reserveCapacity(count)
    var seconds = 0.0
    let maxSeconds = 1e12  // far beyond any benchmark; keeps the µs clock finite
    for _ in 0..<count {
      times.append(SimTime(seconds: min(seconds, maxSeconds)))
      seconds += stream.nextGamma(shape: burstiness) / (perSecond * burstiness)
    }
    return times
  }
}
