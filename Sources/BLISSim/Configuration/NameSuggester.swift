/// Suggests known names close to a mistyped one, for "unknown model 'llama-3.1-8b' — did you
/// mean meta-llama/llama-3.1-8b-instruct?" and unknown GPU / policy / preset / config-key names.
///
/// Case-insensitive. A candidate is close when (best first): its last `/` part equals the input's
/// last part; one contains the other (inputs of 3+ characters); or the edit distance between the
/// inputs' last parts or whole strings is at most max(2, length / 3). Ties keep a deterministic
/// order (distance, then name).
public struct NameSuggester: Sendable, Equatable {
  public let candidates: [String]

  public init<S: Sequence<String>>(candidates: S) {
    self.candidates = Array(candidates)
  }

  /// Up to `limit` close candidates, best first; empty when nothing is close.
  public func suggestions(for input: String, limit: Int = 3) -> [String] {
    let query = input.lowercased()
    guard !query.isEmpty else { return [] }
    let queryLast = Self.lastPart(query)
    var scored: [(rank: Int, distance: Int, name: String)] = []
    for candidate in candidates {
      let name = candidate.lowercased()
      let nameLast = Self.lastPart(name)
      if name == query { return [candidate] }
      let distance = min(Self.editDistance(name, query), Self.editDistance(nameLast, queryLast))
      let rank: Int
      if nameLast == queryLast {
        rank = 0
      } else if queryLast.count >= 3 && (nameLast.contains(queryLast) || queryLast.contains(nameLast) || name.contains(query)) {
        rank = 1
      } else if distance <= max(2, queryLast.count / 3) {
        rank = 2
      } else {
        continue
      }
      scored.append((rank, distance, candidate))
    }
    scored.sort { ($0.rank, $0.distance, $0.name) < ($1.rank, $1.distance, $1.name) }
    return scored.prefix(limit).map(\.name)
  }

  /// " — did you mean X?" / " — did you mean X, Y or Z?", or "" when nothing is close.
  public func didYouMean(_ input: String, limit: Int = 3) -> String {
    let names = suggestions(for: input, limit: limit)
    guard let last = names.last else { return "" }
    let list = names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    return " — did you mean \(list)?"
  }

  /// "a, b, c" (sorted), or the first `limit` and "… (N more)" — for "known GPUs: …" lists.
  public func knownList(limit: Int = 12) -> String {
    let sorted = candidates.sorted()
    guard sorted.count > limit else { return sorted.joined(separator: ", ") }
    return sorted.prefix(limit).joined(separator: ", ") + ", … (\(sorted.count - limit) more)"
  }

  static func lastPart(_ name: String) -> String {
    name.split(separator: "/").last.map(String.init) ?? name
  }

  /// Levenshtein distance over Unicode scalars (O(n·m), names are short).
  static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[y.count]
  }
}
