import Yams

/// Reading profiles from `serving_profiles.yaml`. Every component and field is optional and takes
/// the default of its type; unknown keys, duplicate keys and out-of-range values are one-line errors
/// naming the field path.
extension ServingProfile {
  private static func keys<K: CodingKey & CaseIterable>(_: K.Type) -> [String] { K.allCases.map(\.stringValue) }

  init(yaml m: StrictYAMLMapping, name: String) throws(ServingProfileError) {
    self.init(name: name)
    let micros = 0.0...60_000_000.0
    summary = try m.string("summary") ?? ""
    source = try m.string("source") ?? ""
    if let v = try m.mapping("vllm_versions", allowed: Self.keys(VersionRange.CodingKeys.self)) {
      versions = VersionRange(from: try v.version("from"), before: try v.version("before"))
    }
    if let f = try m.mapping("front_end", allowed: Self.keys(FrontEndComponent.CodingKeys.self) + ["source"]) {
      let d = FrontEndComponent()
      frontEnd = FrontEndComponent(
        networkRoundTripMicros: try f.number("network_round_trip_us", in: micros) ?? d.networkRoundTripMicros,
        apiIngressMicros: try f.number("api_ingress_us", in: micros) ?? d.apiIngressMicros,
        apiPerPromptTokenMicros: try f.number("api_per_prompt_token_us", in: 0...1_000) ?? d.apiPerPromptTokenMicros,
        tokenizerWindowMicros: try f.number("tokenizer_window_us", in: micros) ?? d.tokenizerWindowMicros,
        tokenizerMaxBatch: try f.integer("tokenizer_max_batch", in: 1...100_000) ?? d.tokenizerMaxBatch,
        tokenizePerPromptTokenMicros: try f.number("tokenize_per_prompt_token_us", in: 0...1_000) ?? d.tokenizePerPromptTokenMicros,
        fixedDelayMicros: try f.number("fixed_delay_us", in: micros) ?? d.fixedDelayMicros,
        fixedDelayPerPromptTokenMicros: try f.number("fixed_delay_per_prompt_token_us", in: 0...1_000) ?? d.fixedDelayPerPromptTokenMicros)
    }
    if let l = try m.mapping("engine_loop", allowed: Self.keys(EngineLoopComponent.CodingKeys.self) + ["source"]) {
      let d = EngineLoopComponent()
      engineLoop = EngineLoopComponent(
        mode: try l.choice("mode", EngineLoopComponent.Mode.self) ?? d.mode,
        multiStep: try l.integer("multi_step", in: 1...64) ?? d.multiStep,
        unchunkedPrefill: try l.choice("unchunked_prefill", EngineLoopComponent.UnchunkedPrefill.self) ?? d.unchunkedPrefill)
    }
    if let h = try m.mapping("host_cpu", allowed: Self.keys(HostCPUComponent.CodingKeys.self) + ["source"]) {
      let d = HostCPUComponent()
      hostCPU = HostCPUComponent(
        stepMicros: try h.number("step_us", in: micros) ?? d.stepMicros,
        perRunningRequestMicros: try h.number("per_running_request_us", in: 0...1_000_000) ?? d.perRunningRequestMicros,
        perScheduledTokenMicros: try h.number("per_scheduled_token_us", in: 0...1_000_000) ?? d.perScheduledTokenMicros,
        perOutputTokenMicros: try h.number("per_output_token_us", in: 0...1_000_000) ?? d.perOutputTokenMicros,
        tensorParallelStepMicros: try h.number("tensor_parallel_step_us", in: micros) ?? d.tensorParallelStepMicros,
        tensorParallelPerScheduledTokenMicros: try h.number("tensor_parallel_per_scheduled_token_us", in: 0...1_000_000)
          ?? d.tensorParallelPerScheduledTokenMicros)
    }
    if let o = try m.mapping("output_path", allowed: Self.keys(OutputPathComponent.CodingKeys.self) + ["source"]) {
      let d = OutputPathComponent()
      outputPath = OutputPathComponent(
        stepMicros: try o.number("step_us", in: micros) ?? d.stepMicros,
        perTokenMicros: try o.number("per_token_us", in: 0...1_000_000) ?? d.perTokenMicros,
        firstChunkMicros: try o.number("first_chunk_us", in: micros) ?? d.firstChunkMicros,
        firstChunkPerPromptTokenMicros: try o.number("first_chunk_per_prompt_token_us", in: 0...1_000) ?? d.firstChunkPerPromptTokenMicros,
        tokenDelayMicros: try o.number("token_delay_us", in: micros) ?? d.tokenDelayMicros)
    }
    if let e = try m.mapping("engine_defaults", allowed: Self.keys(EngineDefaultsComponent.CodingKeys.self) + ["source"]) {
      let d = EngineDefaultsComponent()
      var large: EngineDefaultsComponent.LargeGPU?
      if let g = try e.mapping("large_gpu", allowed: Self.keys(EngineDefaultsComponent.LargeGPU.CodingKeys.self)) {
        let dg = EngineDefaultsComponent.LargeGPU()
        large = EngineDefaultsComponent.LargeGPU(
          minimumMemoryGiB: try g.number("min_memory_gib", in: 0...1_000_000) ?? dg.minimumMemoryGiB,
          excludedGPUs: try g.strings("excluded_gpus") ?? dg.excludedGPUs,
          maxNumSeqs: try g.integer("max_num_seqs", in: 1...65_536) ?? dg.maxNumSeqs,
          maxNumBatchedTokens: try g.integer("max_num_batched_tokens", in: 1...10_000_000) ?? dg.maxNumBatchedTokens)
      }
      engineDefaults = EngineDefaultsComponent(
        chunkedPrefill: try e.bool("chunked_prefill") ?? d.chunkedPrefill,
        prefixCaching: try e.bool("prefix_caching") ?? d.prefixCaching,
        maxNumSeqs: try e.integer("max_num_seqs", in: 1...65_536) ?? d.maxNumSeqs,
        maxNumBatchedTokens: try e.integer("max_num_batched_tokens", in: 1...10_000_000) ?? d.maxNumBatchedTokens,
        unchunkedMinimumBatchedTokens: try e.integer("unchunked_min_batched_tokens", in: 1...10_000_000) ?? d.unchunkedMinimumBatchedTokens,
        largeGPU: large)
    }
  }
}

extension StrictYAMLMapping {
  func version(_ key: String) throws(ServingProfileError) -> VLLMVersion? {
    guard let s = try string(key) else { return nil }
    guard let v = VLLMVersion(parsing: s) else {
      throw .invalidField(file: file, field: field(key), value: s, allowed: "a version like 0.14 or 0.8.4")
    }
    return v
  }
}
