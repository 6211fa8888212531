import Testing
@testable import BLISSim

@Test func issueExampleParses() throws {
  let spec = try WorkloadSpec(yaml: """
    seed: 42                      # optional; --seed overrides
    arrival: poisson
    stages:
      - {rate: 8, duration_s: 600}
      - {rate: 20, duration_s: 600, arrival: constant}
    prompt_tokens: {dist: constant, value: 447}
    output_tokens: {dist: normal, mean: 256, stdev: 64, min: 1, max: 1024}
    shared_prefix: {groups: 10, prompts_per_group: 10, prefix_tokens: 100}
    """)
  #expect(spec.seed == 42)
  #expect(spec.arrival == .poisson)
  #expect(spec.stages == [WorkloadStage(ratePerSecond: 8, durationSeconds: 600),
                          WorkloadStage(ratePerSecond: 20, durationSeconds: 600, arrival: .constant)])
  #expect(spec.promptTokens == .constant(447))
  #expect(spec.outputTokens == .normal(mean: 256, stdev: 64, min: 1, max: 1024))
  #expect(spec.sharedPrefix == SharedPrefix(groups: 10, promptsPerGroup: 10, prefixTokens: 100))
}

@Test func presetAndRateFormParse() throws {
  let spec = try WorkloadSpec(yaml: "preset: summarization\nrate: 3.5\nnum_requests: 100\narrival: gamma\ncv: 2.5\n")
  #expect(spec.promptTokens == WorkloadPreset.summarization.promptTokens)
  #expect(spec.outputTokens == .normal(mean: 512, stdev: 150, min: 10, max: 2048))
  #expect(spec.numRequests == 100 && spec.stages.count == 1 && spec.arrival == .gamma(cv: 2.5))
}

@Test func everyDistributionKindParses() throws {
  let spec = try WorkloadSpec(yaml: """
    rate: 1
    num_requests: 5
    prompt_tokens: {dist: empirical, values: [10, 20, 30], weights: [0.5, 0.25, 0.25]}
    output_tokens: {dist: lognormal, mean: 100, stdev: 50}
    """)
  #expect(spec.promptTokens == .empirical(values: [10, 20, 30], weights: [0.5, 0.25, 0.25]))
  if case .lognormal(let m, let s, let lo, _) = spec.outputTokens { #expect(m == 100 && s == 50 && lo == 1) } else {
    Issue.record("expected lognormal")
  }
  let u = try WorkloadSpec(yaml: "rate: 1\nnum_requests: 1\nprompt_tokens: {dist: uniform, min: 3, max: 9}\noutput_tokens: 7\n")
  #expect(u.promptTokens == .uniform(min: 3, max: 9) && u.outputTokens == .constant(7))
}

@Test(arguments: [
  ("rate: 1\nnum_requests: 5\nprompt_tokens: 5\noutput_tokens: 5\nburst: 3\n", "unknown key 'burst'"),
  ("rate: 1\nnum_requests: 5\nprompt_tokens: {dist: constant, value: 5, mean: 3}\noutput_tokens: 5\n",
   "unknown key 'mean' in prompt_tokens"),
  ("stages: [{rate: 1, duration_s: 5, rte: 3}]\nprompt_tokens: 5\noutput_tokens: 5\n", "unknown key 'rte' in stages[0]"),
  ("rate: -2\nnum_requests: 5\nprompt_tokens: 5\noutput_tokens: 5\n", "stages[0].rate = -2.0"),
  ("rate: 1\nnum_requests: 0\nprompt_tokens: 5\noutput_tokens: 5\n", "num_requests = 0"),
  ("rate: 1\nprompt_tokens: 5\noutput_tokens: 5\n", "missing num_requests"),
  ("rate: 1\nnum_requests: 5\nprompt_tokens: {dist: normal, mean: 10, stdev: 2, min: 9, max: 3}\noutput_tokens: 5\n",
   "prompt_tokens.max = 3"),
  ("rate: 1\nnum_requests: 5\nprompt_tokens: {dist: zipf}\noutput_tokens: 5\n", "prompt_tokens.dist = zipf"),
  ("rate: 1\nnum_requests: 5\narrival: bursty\nprompt_tokens: 5\noutput_tokens: 5\n", "arrival = bursty"),
  ("rate: 1\nnum_requests: 5\narrival: gamma\nprompt_tokens: 5\noutput_tokens: 5\n", "gamma arrivals need `cv`"),
  ("preset: chat\nrate: 1\nnum_requests: 5\n", "preset = chat"),
  ("rate: 1\nnum_requests: five\nprompt_tokens: 5\noutput_tokens: 5\n", "num_requests = five"),
  ("rate: 1\nnum_requests: 5\nprompt_tokens: 5\n", "missing output_tokens"),
  ("stages: [{rate: 1, duration_s: 5}]\nduration_s: 9\nprompt_tokens: 5\noutput_tokens: 5\n", "duration_s: with `stages`"),
])
func badYAMLGivesOneLineErrorNamingTheField(yaml: String, expected: String) {
  do {
    _ = try WorkloadSpec(yaml: yaml)
    Issue.record("accepted: \(yaml)")
  } catch {
    let message = "\(error)"
    #expect(message.contains(expected), "got: \(message)")
    #expect(!message.contains("\n"))
  }
}
