/// The convergence rule of the capacity search. All rates are requests per second.
public struct CapacitySearchSettings: Sendable, Hashable, Codable {
  /// Stop when (hi − lo) / hi ≤ this (default 0.02: the answer is within 2 % of the true
  /// threshold of the probe function).
  public var rateResolution: Double
  /// Every probe simulates at least this many requests (default 1,000)…
  public var minimumRequests: Int
  /// …and at least `rate × minimumArrivalSeconds` of them, so each probe covers this many
  /// seconds of arrivals at any rate (default 60 s). Long enough that the measurement window
  /// (the second half of the arrivals) is longer than typical E2E latencies.
  public var minimumArrivalSeconds: Double
  /// A probe fails unless the requests that started ≥ this fraction of arrivals over the measurement window
  /// (default 0.95). See `ProbeMeasurement.keepUpRatio` for why.
  public var minimumKeepUpRatio: Double
  /// Give up below this rate (nothing meets the SLOs) and never probe above `maximumRate`.
  public var minimumRate: Double
  public var maximumRate: Double
  /// Hard cap on probes (default 40; the rule above needs about 8–12).
  public var maximumProbes: Int
  /// At most this many requests per probe (nil = no cap, the default). A cap bounds the work and
  /// memory of one probe at high rates (the interactive planner uses 20,000 so a debug build stays
  /// responsive); above `maximumRequests / minimumArrivalSeconds` req/s a probe then covers fewer
  /// than `minimumArrivalSeconds` of arrivals.
  public var maximumRequests: Int?

  public init(rateResolution: Double = 0.02, minimumRequests: Int = 1_000, minimumArrivalSeconds: Double = 60,
              minimumKeepUpRatio: Double = 0.95, minimumRate: Double = 0.01, maximumRate: Double = 1_000_000,
              maximumProbes: Int = 40, maximumRequests: Int? = nil) {
    self.rateResolution = rateResolution; self.minimumRequests = minimumRequests
    self.minimumArrivalSeconds = minimumArrivalSeconds; self.minimumKeepUpRatio = minimumKeepUpRatio
    self.minimumRate = minimumRate; self.maximumRate = maximumRate; self.maximumProbes = maximumProbes
    self.maximumRequests = maximumRequests
  }

  enum CodingKeys: String, CodingKey {
    case rateResolution = "rate_resolution", minimumRequests = "minimum_requests"
    case minimumArrivalSeconds = "minimum_arrival_s", minimumKeepUpRatio = "minimum_keep_up_ratio"
    case minimumRate = "minimum_rate_per_s", maximumRate = "maximum_rate_per_s", maximumProbes = "maximum_probes"
    case maximumRequests = "maximum_requests"
  }

  /// Requests of a probe at `rate`: max(minimumRequests, ⌈rate × minimumArrivalSeconds⌉), then at
  /// most `maximumRequests` when set.
  public func requests(atRate rate: Double) -> Int {
    let arrivals = (rate * minimumArrivalSeconds).rounded(.up)
    let wanted = max(minimumRequests, arrivals.isFinite ? Int(min(arrivals, 1e15)) : minimumRequests)
    return maximumRequests.map { min(wanted, $0) } ?? wanted
  }

  /// Throws naming the flag when a setting is out of range.
  public func validated() throws(PlanningError) -> CapacitySearchSettings {
    guard rateResolution.isFinite, rateResolution > 0, rateResolution < 1 else {
      throw .invalidValue(flag: "--rate-resolution", value: "\(rateResolution)", allowed: "a fraction in (0, 1), e.g. 0.02")
    }
    guard (1...10_000_000).contains(minimumRequests) else {
      throw .invalidValue(flag: "--probe-requests", value: "\(minimumRequests)", allowed: "a whole number in 1...10000000")
    }
    guard minimumArrivalSeconds.isFinite, minimumArrivalSeconds >= 0, minimumArrivalSeconds <= 86_400 else {
      throw .invalidValue(flag: "--probe-seconds", value: "\(minimumArrivalSeconds)", allowed: "seconds in 0...86400")
    }
    guard minimumKeepUpRatio.isFinite, minimumKeepUpRatio >= 0, minimumKeepUpRatio <= 1 else {
      throw .invalidValue(flag: "--min-keep-up", value: "\(minimumKeepUpRatio)", allowed: "a fraction in [0, 1]")
    }
    if let cap = maximumRequests, !(1...10_000_000).contains(cap) {
      throw .invalidValue(flag: "--max-probe-requests", value: "\(cap)", allowed: "a whole number in 1...10000000")
    }
    return self
  }
}

/// The result of a capacity search over some probe outcome type.
public struct CapacitySearchResult<Outcome: Sendable>: Sendable {
  /// Every probe in the order it ran.
  public var probes: [(rate: Double, passed: Bool, outcome: Outcome)]
  /// The highest passing rate (the capacity) and its outcome; nil when no probed rate passed.
  public var highestPassing: (rate: Double, outcome: Outcome)?
  /// The lowest failing rate, nil when every probe passed (capacity ≥ `maximumRate`).
  public var lowestFailing: (rate: Double, outcome: Outcome)?
}

/// The search's state, one probe at a time (for callers that run probes themselves, e.g. a UI
/// that must stay responsive): ask `nextRate`, run that probe, `record` the verdict, repeat
/// until `nextRate` is nil. `CapacitySearch.run` drives the same state.
public struct CapacityBracket: Sendable, Hashable {
  public let settings: CapacitySearchSettings
  /// Highest rate that passed so far (the capacity once finished).
  public private(set) var highestPassingRate: Double?
  /// Lowest rate that failed so far.
  public private(set) var lowestFailingRate: Double?
  public private(set) var probeCount = 0
  /// The rate to probe next; nil when the search is finished.
  public private(set) var nextRate: Double?
  /// Bracketing steps taken so far in the current direction (sets the next step's factor).
  private var bracketingSteps = 0

  /// Factor of the n-th bracketing step (0-based) in one direction: 1.25, 1.5, then 2. A start
  /// near the capacity (the analytic estimate usually is within ±30 %) brackets it with one
  /// small step, so the bisection starts narrow and few probes run far into overload; a bad
  /// estimate still brackets in O(log) probes.
  public static func bracketingFactor(step: Int) -> Double { step == 0 ? 1.25 : step == 1 ? 1.5 : 2 }

  public init(settings: CapacitySearchSettings, startRate: Double) {
    self.settings = settings
    nextRate = min(max(startRate.isFinite && startRate > 0 ? startRate : 1, settings.minimumRate), settings.maximumRate)
  }

  public var isFinished: Bool { nextRate == nil }

  /// Records a probe's verdict and chooses the next rate (see `CapacitySearch` for the rule).
  public mutating func record(rate: Double, passed: Bool) {
    probeCount += 1
    if passed {
      highestPassingRate = max(highestPassingRate ?? rate, rate)
    } else {
      lowestFailingRate = min(lowestFailingRate ?? rate, rate)
    }
    guard probeCount < settings.maximumProbes else { nextRate = nil; return }
    switch (highestPassingRate, lowestFailingRate) {
    case (let lo?, nil):
      let factor = Self.bracketingFactor(step: bracketingSteps)
      bracketingSteps += 1
      nextRate = lo < settings.maximumRate ? min(lo * factor, settings.maximumRate) : nil
    case (nil, let hi?):
      let factor = Self.bracketingFactor(step: bracketingSteps)
      bracketingSteps += 1
      nextRate = hi / factor >= settings.minimumRate ? hi / factor : (hi > settings.minimumRate ? settings.minimumRate : nil)
    case (let lo?, let hi?):
      nextRate = (hi - lo) / hi <= settings.rateResolution ? nil : lo + (hi - lo) / 2
    case (nil, nil):
      nextRate = nil
    }
  }
}

/// Finds the highest arrival rate that passes a probe, assuming pass/fail is monotone in rate.
///
/// The rule (deterministic given the probe function):
/// 1. Probe `startRate` (clamped to [minimumRate, maximumRate]).
/// 2. Bracket: while only passes were seen, raise the rate by 1.25×, then 1.5×, then 2× per probe
///    (up to `maximumRate`); while only failures were seen, lower it by the same factors (down to
///    `minimumRate`, then give up: capacity "none").
/// 3. Bisect: probe lo + (hi − lo)/2 until (hi − lo) / hi ≤ `rateResolution`, where lo is the
///    highest passing and hi the lowest failing rate so far.
/// 4. The capacity is lo. At most `maximumProbes` probes run; the bracket then is the answer.
public struct CapacitySearch: Sendable {
  public var settings: CapacitySearchSettings

  public init(settings: CapacitySearchSettings = CapacitySearchSettings()) { self.settings = settings }

  public func run<Outcome: Sendable>(startRate: Double,
                                     probe: (Double) throws -> (passed: Bool, outcome: Outcome)) rethrows
    -> CapacitySearchResult<Outcome> {
    var result = CapacitySearchResult<Outcome>(probes: [], highestPassing: nil, lowestFailing: nil)
    var bracket = CapacityBracket(settings: settings, startRate: startRate)
    while let rate = bracket.nextRate {
      let (passed, outcome) = try probe(rate)
      result.probes.append((rate, passed, outcome))
      if passed, rate > (result.highestPassing?.rate ?? -.infinity) { result.highestPassing = (rate, outcome) }
      if !passed, rate < (result.lowestFailing?.rate ?? .infinity) { result.lowestFailing = (rate, outcome) }
      bracket.record(rate: rate, passed: passed)
    }
    return result
  }
}
