/// A profile as a `serving_profiles.yaml` entry (block style, every field written, so the entry
/// stands on its own), which `ServingProfileCatalog.parse` reads back to the same value.
extension ServingProfile {
  /// The entry, indented by `indent` (the name's indentation); `comments` adds `# …` after fields,
  /// keyed by their path (`host_cpu.step_us`).
  public func yamlEntry(indent: String = "  ", comments: [String: String] = [:]) -> [String] {
    let inner = indent + "  ", field = inner + "  "
    var lines = ["\(indent)\(name):"]
    if !summary.isEmpty { lines.append("\(inner)summary: \(Self.quoted(summary))") }
    if versions.from != nil || versions.before != nil {
      let parts = [versions.from.map { "from: \"\($0)\"" }, versions.before.map { "before: \"\($0)\"" }].compactMap { $0 }
      lines.append("\(inner)vllm_versions: {\(parts.joined(separator: ", "))}")
    }
    if !source.isEmpty { lines.append("\(inner)source: \(Self.quoted(source))") }
    func section(_ key: String, _ fields: [(String, String)]) {
      lines.append("\(inner)\(key):")
      for (name, value) in fields {
        lines.append("\(field)\(name): \(value)" + (comments["\(key).\(name)"].map { "  # \($0)" } ?? ""))
      }
    }
    let f = frontEnd, l = engineLoop, h = hostCPU, o = outputPath, d = engineDefaults
    section("front_end", [("network_round_trip_us", Self.number(f.networkRoundTripMicros)),
                          ("api_ingress_us", Self.number(f.apiIngressMicros)),
                          ("api_per_prompt_token_us", Self.number(f.apiPerPromptTokenMicros)),
                          ("tokenizer_window_us", Self.number(f.tokenizerWindowMicros)),
                          ("tokenizer_max_batch", "\(f.tokenizerMaxBatch)"),
                          ("tokenize_per_prompt_token_us", Self.number(f.tokenizePerPromptTokenMicros)),
                          ("fixed_delay_us", Self.number(f.fixedDelayMicros)),
                          ("fixed_delay_per_prompt_token_us", Self.number(f.fixedDelayPerPromptTokenMicros))])
    section("engine_loop", [("mode", l.mode.rawValue), ("multi_step", "\(l.multiStep)"),
                            ("unchunked_prefill", l.unchunkedPrefill.rawValue)])
    section("host_cpu", [("step_us", Self.number(h.stepMicros)),
                         ("per_running_request_us", Self.number(h.perRunningRequestMicros)),
                         ("per_scheduled_token_us", Self.number(h.perScheduledTokenMicros)),
                         ("per_output_token_us", Self.number(h.perOutputTokenMicros)),
                         ("tensor_parallel_step_us", Self.number(h.tensorParallelStepMicros)),
                         ("tensor_parallel_per_scheduled_token_us", Self.number(h.tensorParallelPerScheduledTokenMicros))])
    section("output_path", [("step_us", Self.number(o.stepMicros)), ("per_token_us", Self.number(o.perTokenMicros)),
                            ("first_chunk_us", Self.number(o.firstChunkMicros)),
                            ("first_chunk_per_prompt_token_us", Self.number(o.firstChunkPerPromptTokenMicros)),
                            ("token_delay_us", Self.number(o.tokenDelayMicros))])
    var defaults = [("chunked_prefill", "\(d.chunkedPrefill)"), ("prefix_caching", "\(d.prefixCaching)"),
                    ("max_num_seqs", "\(d.maxNumSeqs)"), ("max_num_batched_tokens", "\(d.maxNumBatchedTokens)"),
                    ("unchunked_min_batched_tokens", "\(d.unchunkedMinimumBatchedTokens)")]
    if let g = d.largeGPU {
      defaults.append(("large_gpu", "{min_memory_gib: \(Self.number(g.minimumMemoryGiB)), excluded_gpus: [\(g.excludedGPUs.map(Self.quoted).joined(separator: ", "))], max_num_seqs: \(g.maxNumSeqs), max_num_batched_tokens: \(g.maxNumBatchedTokens)}"))
    }
    section("engine_defaults", defaults)
    return lines
  }

  /// "500", "3512.3": integers without a decimal point, others in Swift's shortest round-trip form.
  static func number(_ v: Double) -> String { SettingParser<Double>.plain(v) }

  /// A YAML double-quoted scalar.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
      switch c {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(c)
      }
    }
    return out + "\""
  }
}
