import Testing
@testable import BLISSim

@Suite struct NameSuggesterTests {
  let models = NameSuggester(candidates: [
    "meta-llama/llama-3.1-8b-instruct", "meta-llama/llama-3.1-70b-instruct", "qwen/qwen2.5-7b-instruct",
    "mistralai/mistral-7b-instruct-v0.2", "ibm-granite/granite-3.1-8b-instruct",
  ])

  @Test func missingOwnerAndSuffixFindsTheModel() {
    #expect(models.suggestions(for: "llama-3.1-8b").first == "meta-llama/llama-3.1-8b-instruct")
    #expect(models.didYouMean("llama-3.1-8b", limit: 1) == " — did you mean meta-llama/llama-3.1-8b-instruct?")
  }

  @Test func sameLastPartRanksFirstWhateverTheOwner() {
    #expect(models.suggestions(for: "someone/Qwen2.5-7B-Instruct") == ["qwen/qwen2.5-7b-instruct"])
  }

  @Test func typosWithinEditDistance() {
    let gpus = NameSuggester(candidates: ["H100", "A100-80", "A100-SXM", "L40S"])
    #expect(gpus.suggestions(for: "h10").first == "H100")
    #expect(gpus.suggestions(for: "A100-8O").first == "A100-80")
    #expect(gpus.suggestions(for: "L40").first == "L40S")
    #expect(gpus.suggestions(for: "TPUv5").isEmpty)
    #expect(gpus.didYouMean("TPUv5") == "")
  }

  @Test func exactMatchIgnoringCaseIsTheOnlySuggestion() {
    let policies = NameSuggester(candidates: ["round-robin", "least-loaded", "weighted"])
    #expect(policies.suggestions(for: "Round-Robin") == ["round-robin"])
    #expect(policies.suggestions(for: "least-loadd") == ["least-loaded"])
  }

  @Test func manySuggestionsAreJoinedReadably() {
    let names = NameSuggester(candidates: ["alpha-1", "alpha-2", "alpha-3", "beta"])
    #expect(names.didYouMean("alpha") == " — did you mean alpha-1, alpha-2 or alpha-3?")
    #expect(names.suggestions(for: "alpha", limit: 2) == ["alpha-1", "alpha-2"])
  }

  @Test func knownListIsSortedAndTruncated() {
    let names = NameSuggester(candidates: ["c", "a", "b"])
    #expect(names.knownList() == "a, b, c")
    #expect(names.knownList(limit: 2) == "a, b, … (1 more)")
  }

  @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("abc", "abc", 0), ("flaw", "lawn", 2)])
  func editDistance(a: String, b: String, expected: Int) {
    #expect(NameSuggester.editDistance(a, b) == expected)
    #expect(NameSuggester.editDistance(b, a) == expected)
  }
}
