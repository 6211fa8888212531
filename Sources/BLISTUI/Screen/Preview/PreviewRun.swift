// PREVIEW ONLY — the fake engine's run: Poisson arrivals, round-robin or least-loaded routing,
// per-instance continuous batching with a 2048-token chunked-prefill budget, KV blocks with
// preemption of the newest request when the cache is full. Deterministic for a given seed.
import BLISSim
import Foundation

struct PreviewRun: SteppableRun {
  static let blockSizeTokens = 16
  static let maxBatchedTokens = 2_048
  static let maxRunning = 256
  static let historyLength = 120

  private struct Request {
    var arrivalMicros: Int64
    var promptTokens: Int
    var outputTokens: Int
    var prefilled = 0
    var generated = 0
    var lastTokenMicros: Int64 = 0
    var blocks = 0
  }

  private struct Instance {
    var waiting: [Request] = []
    var running: [Request] = []
    var busyUntilMicros: Int64 = 0
    var usedBlocks = 0
    var peakBlocks = 0
    var blockMicrosIntegral = 0.0
    var lastAccountingMicros: Int64 = 0
    var history: [Double] = []
    var completed = 0
    var preemptions = 0
    var hasWork: Bool { !waiting.isEmpty || !running.isEmpty }
  }

  private let scenario: Scenario
  private let stepModel: PreviewStepModel
  private let totalBlocks: Int
  private var rng: PreviewRandom
  private var instances: [Instance]
  private var nextArrivalMicros: Int64
  private var injected = 0
  private var roundRobin = 0
  private var clockMicros: Int64 = 0
  private var nextSampleMicros: Int64 = 0
  private let sampleIntervalMicros: Int64
  private var ttft = PreviewHistogram(), itl = PreviewHistogram(), e2e = PreviewHistogram()
  private var completed = 0, inputTokens = 0, outputTokens = 0, steps = 0

  init(scenario: Scenario, stepModel: PreviewStepModel, kvBlocksPerInstance: Int) {
    self.scenario = scenario
    self.stepModel = stepModel
    totalBlocks = kvBlocksPerInstance
    rng = PreviewRandom(seed: scenario.seed)
    instances = Array(repeating: Instance(), count: max(1, scenario.instances))
    nextArrivalMicros = 0
    let expectedSeconds = Double(scenario.numRequests) / max(0.001, scenario.rateRequestsPerSecond)
    sampleIntervalMicros = max(1_000, Int64(expectedSeconds * 1e6 / Double(Self.historyLength)))
    nextArrivalMicros = nextGap()
  }

  private mutating func nextGap() -> Int64 {
    Int64(-log(1 - rng.nextUnit()) / scenario.rateRequestsPerSecond * 1e6) + 1
  }

  mutating func advance(until limit: SimTime) -> SimulationSnapshot {
    while true {
      let arrival = injected < scenario.numRequests ? nextArrivalMicros : Int64.max
      var stepIndex = -1
      var stepTime = Int64.max
      for i in instances.indices where instances[i].hasWork && instances[i].busyUntilMicros < stepTime {
        stepIndex = i
        stepTime = instances[i].busyUntilMicros
      }
      let next = min(arrival, stepTime)
      if next == Int64.max || next > limit.microseconds { break }
      sampleHistory(upTo: next)
      clockMicros = max(clockMicros, next)
      if arrival <= stepTime { inject(at: arrival) } else { step(stepIndex, at: stepTime) }
    }
    if !isFinished { clockMicros = max(clockMicros, min(limit.microseconds, Int64.max / 2)) }
    return snapshot()
  }

  private var isFinished: Bool { injected == scenario.numRequests && instances.allSatisfy { !$0.hasWork } }

  private mutating func sampleHistory(upTo micros: Int64) {
    while nextSampleMicros <= micros {
      for i in instances.indices {
        instances[i].history.append(Double(instances[i].usedBlocks) / Double(totalBlocks))
        if instances[i].history.count > Self.historyLength { instances[i].history.removeFirst() }
      }
      nextSampleMicros += sampleIntervalMicros
    }
  }

  private mutating func inject(at micros: Int64) {
    let shape = PreviewWorkload.shape(scenario.workload)
    let request = Request(arrivalMicros: micros, promptTokens: shape.prompt.draw(&rng), outputTokens: shape.output.draw(&rng))
    let target: Int
    if scenario.routingPolicy == "least-loaded" {
      target = instances.indices.min { instances[$0].waiting.count + instances[$0].running.count
        < instances[$1].waiting.count + instances[$1].running.count } ?? 0
    } else {
      target = roundRobin % instances.count
      roundRobin += 1
    }
    if !instances[target].hasWork { instances[target].busyUntilMicros = max(instances[target].busyUntilMicros, micros) }
    instances[target].waiting.append(request)
    injected += 1
    nextArrivalMicros = micros + nextGap()
  }

  private static func blocks(_ tokens: Int) -> Int { (tokens + blockSizeTokens - 1) / blockSizeTokens }

  private mutating func step(_ index: Int, at start: Int64) {
    var inst = instances[index]
    inst.blockMicrosIntegral += Double(inst.usedBlocks) * Double(start - inst.lastAccountingMicros)
    inst.lastAccountingMicros = start
    // Admit waiting requests while their prompt fits in the KV cache.
    while !inst.waiting.isEmpty, inst.running.count < Self.maxRunning {
      let need = Self.blocks(inst.waiting[0].promptTokens + 1)
      guard inst.usedBlocks + need <= totalBlocks else { break }
      var request = inst.waiting.removeFirst()
      request.blocks = need
      inst.usedBlocks += need
      inst.running.append(request)
    }
    // Decodes first, then prefill chunks within the token budget.
    var budget = Self.maxBatchedTokens
    var prefillTokens = 0, decodeTokens = 0, contextTokens = 0
    var chunk = [Int](repeating: 0, count: inst.running.count)
    for (i, request) in inst.running.enumerated() where request.prefilled == request.promptTokens && budget > 0 {
      chunk[i] = 1; budget -= 1; decodeTokens += 1; contextTokens += request.promptTokens + request.generated
    }
    for (i, request) in inst.running.enumerated() where request.prefilled < request.promptTokens && budget > 0 {
      let n = min(budget, request.promptTokens - request.prefilled)
      chunk[i] = n; budget -= n; prefillTokens += n; contextTokens += request.prefilled
    }
    let end = start + stepModel.stepMicros(prefillTokens: prefillTokens, decodeTokens: decodeTokens,
                                           contextTokens: contextTokens)
    steps += 1
    var survivors: [Request] = []
    for (i, var request) in inst.running.enumerated() {
      guard chunk[i] > 0 else { survivors.append(request); continue }
      if request.prefilled < request.promptTokens {
        request.prefilled += chunk[i]
        if request.prefilled == request.promptTokens {
          request.generated = 1
          request.lastTokenMicros = end
          ttft.record(ms: Double(end - request.arrivalMicros) / 1e3)
        }
      } else {
        request.generated += 1
        itl.record(ms: Double(end - request.lastTokenMicros) / 1e3)
        request.lastTokenMicros = end
      }
      if request.generated >= request.outputTokens {
        e2e.record(ms: Double(end - request.arrivalMicros) / 1e3)
        inst.usedBlocks -= request.blocks
        inst.completed += 1
        completed += 1
        inputTokens += request.promptTokens
        outputTokens += request.outputTokens
        continue
      }
      let need = Self.blocks(request.promptTokens + request.generated + 1)
      if need > request.blocks { inst.usedBlocks += need - request.blocks; request.blocks = need }
      survivors.append(request)
    }
    // Preempt the newest requests while the cache is over capacity (recompute from scratch later).
    while inst.usedBlocks > totalBlocks, let victim = survivors.popLast() {
      inst.usedBlocks -= victim.blocks
      inst.preemptions += 1
      inst.waiting.insert(Request(arrivalMicros: victim.arrivalMicros, promptTokens: victim.promptTokens,
                                  outputTokens: victim.outputTokens), at: 0)
    }
    inst.running = survivors
    inst.peakBlocks = max(inst.peakBlocks, inst.usedBlocks)
    inst.busyUntilMicros = end
    instances[index] = inst
  }

  private func snapshot() -> SimulationSnapshot {
    let seconds = Double(max(1, clockMicros)) / 1e6
    var cluster = MetricsSummary(id: "cluster")
    cluster.injectedRequests = injected
    cluster.completedRequests = completed
    cluster.inputTokens = inputTokens
    cluster.outputTokens = outputTokens
    cluster.durationSeconds = seconds
    cluster.requestsPerSecond = Double(completed) / seconds
    cluster.inputTokensPerSecond = Double(inputTokens) / seconds
    cluster.outputTokensPerSecond = Double(outputTokens) / seconds
    cluster.ttft = ttft.stats
    cluster.itl = itl.stats
    cluster.e2e = e2e.stats
    cluster.steps = steps
    let progress = instances.enumerated().map { index, inst in
      InstanceProgress(index: index, queueDepth: inst.waiting.count, runningRequests: inst.running.count,
                       kvUsedBlocks: inst.usedBlocks, kvTotalBlocks: totalBlocks, kvPeakUsedBlocks: inst.peakBlocks,
                       kvMeanUsedBlocks: inst.blockMicrosIntegral / Double(max(1, inst.lastAccountingMicros)),
                       kvUtilizationHistory: inst.history, completed: inst.completed, preemptions: inst.preemptions)
    }
    cluster.kv = KVStats(totalBlocks: totalBlocks * instances.count,
                         peakUsedBlocks: progress.map(\.kvPeakUsedBlocks).max() ?? 0,
                         meanUsedBlocks: progress.reduce(0) { $0 + $1.kvMeanUsedBlocks }, prefixHitRate: 0,
                         preemptions: progress.reduce(0) { $0 + $1.preemptions })
    let report = RunReport(latencyModel: "preview \(stepModel.kind.rawValue) (fake engine)", seed: scenario.seed,
                           simulatedSeconds: seconds, cluster: cluster, instances: [])
    return SimulationSnapshot(clock: SimTime(microseconds: clockMicros), totalRequests: scenario.numRequests,
                              injected: injected, completed: completed, isFinished: isFinished,
                              instances: progress, report: report)
  }
}
