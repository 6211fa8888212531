/// One request as the workload produces it: lengths, arrival time and prompt identity.
///
/// The prompt is never materialised as token ids. It is described by a shared prefix
/// (`prefixGroup`, `prefixTokens`: identical across requests of the group) followed by
/// `inputTokens − prefixTokens` tokens whose identity is `promptSeed` — two requests with the same
/// group and seed have the same prompt. Block hashes are derived from this description
/// (`PromptBlockHashes`), so memory per request is O(1), not O(tokens).
public struct WorkloadRequest: Sendable, Hashable {
  /// Position in arrival order, from 0.
  public var id: Int
  public var arrival: SimTime
  /// Prompt tokens, shared prefix included (≥ 1).
  public var inputTokens: Int
  /// Output tokens to generate (≥ 1). Oracle knowledge: admission and routing never read it.
  public var outputTokens: Int
  /// Shared-prefix group, or -1 when the prompt is unique: no other request's prompt shares any
  /// block with it (the engine relies on this to skip prefix-cache work for such prompts).
  public var prefixGroup: Int
  /// Leading prompt tokens that are the group's shared prefix (0 without a group).
  public var prefixTokens: Int
  /// Identity of the prompt's non-shared tokens.
  public var promptSeed: UInt64

  public init(id: Int, arrival: SimTime, inputTokens: Int, outputTokens: Int, prefixGroup: Int = -1,
              prefixTokens: Int = 0, promptSeed: UInt64) {
    self.id = id; self.arrival = arrival; self.inputTokens = inputTokens; self.outputTokens = outputTokens
    self.prefixGroup = prefixGroup; self.prefixTokens = prefixTokens; self.promptSeed = promptSeed
  }
}
