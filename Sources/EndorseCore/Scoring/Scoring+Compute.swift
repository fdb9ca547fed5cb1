extension ScoringEngine {
    /// The core: answers and reviews by questionnaire position.
    @inline(__always)
    func score(id: String, race: String, withdrawn: Bool, answer: (Int) -> Answer?,
               reviews: (Int) -> [Review]) -> CandidateScore {
        let plankCount = planks.count
        var missing: [String] = []
        var pending = false
        // Rare paths allocate lazily: reviewed text terms, left-out (pending) pairs, slow planks.
        var textSum: [Rational] = []
        var leftOutWeight: [Rational] = []
        var leftOutCount: [Int] = []
        var slowSum: [Rational] = hasSlowPlank ? Array(repeating: .zero, count: plankCount) : []

        let scores: [PlankScore] = withUnsafeTemporaryAllocation(of: Int64.self, capacity: plankCount) { fastSum in
            fastSum.initialize(repeating: 0)
            for (qi, q) in questions.enumerated() {
                guard let a = answer(qi) else { missing.append(q.id); continue }
                switch (q.kind, a) {
                case (.yesNo, .yesNo(let b)):
                    add(q, key: b ? 1 : 0, fastSum, &slowSum)
                case (.scale(let min, let max), .scale(let v)) where v >= min && v <= max:
                    addScale(q, key: v - min, steps: max - min, fastSum, &slowSum)
                case (.choice(let ids), .choice(let option)):
                    guard let key = ids.firstIndex(of: option) else { missing.append(q.id); continue }
                    add(q, key: key, fastSum, &slowSum)
                case (.text(let maxPoints), .text):
                    let rs = reviews(qi)
                    if rs.isEmpty {
                        // Answered, not reviewed: out of numerator and denominator.
                        pending = true
                        if leftOutCount.isEmpty {
                            leftOutCount = Array(repeating: 0, count: plankCount)
                            leftOutWeight = Array(repeating: .zero, count: plankCount)
                        }
                        for m in q.mappings {
                            leftOutCount[m.plank] += 1
                            leftOutWeight[m.plank] += m.weight
                        }
                    } else if maxPoints > 0 {
                        // s = mean of the reviewers' latest points / max_points.
                        var points = 0
                        for r in rs { points += r.points }
                        let s = Rational(numerator: Int64(points), denominator: Int64(rs.count) * Int64(maxPoints))
                        if textSum.isEmpty { textSum = Array(repeating: .zero, count: plankCount) }
                        for m in q.mappings { textSum[m.plank] += m.weight * s }
                    }
                default:
                    // An answer that does not fit its question never passes import; should one
                    // reach scoring anyway it counts as unanswered, which never helps.
                    missing.append(q.id)
                }
            }
            var out: [PlankScore] = []
            out.reserveCapacity(plankCount)
            for (p, plank) in planks.enumerated() {
                let left = leftOutCount.isEmpty ? 0 : leftOutCount[p]
                if left == plank.pairCount {
                    out.append(PlankScore(plank: plank.id, score: nil))
                    continue
                }
                var sum: Rational
                if let d = plank.denominator {
                    sum = Rational(numerator: fastSum[p], denominator: d)
                } else {
                    sum = slowSum[p]
                }
                if !textSum.isEmpty { sum += textSum[p] }
                let scale: Rational
                if left == 0 {
                    scale = plank.fullScale
                } else {
                    let weight = plank.mappingWeight - leftOutWeight[p]
                    scale = weight.isZero ? .zero : Rational(100) / weight
                }
                out.append(PlankScore(plank: plank.id, score: sum * scale))
            }
            return out
        }

        let overall = overallScore(scores)
        let reasons = eligibilityReasons(withdrawn: withdrawn, incomplete: !missing.isEmpty, pending: pending,
                                         overall: overall, planks: scores)
        return CandidateScore(id: id, race: race, overall: overall, planks: scores, provisional: pending,
                              eligible: reasons.isEmpty, reasons: reasons, missing: missing)
    }

    /// Adds w x s for a yes_no or choice answer with the given key to every plank it feeds.
    @inline(__always)
    private func add(_ q: QuestionPlan, key: Int, _ fastSum: UnsafeMutableBufferPointer<Int64>,
                     _ slowSum: inout [Rational]) {
        for m in q.mappings {
            if planks[m.plank].denominator != nil {
                // Cannot overflow: the plan checked the sum of every mapping's largest term.
                fastSum[m.plank] &+= m.fastTable[key]
            } else {
                slowSum[m.plank] += m.slowTable[key]
            }
        }
    }

    /// Adds w x s for a scale answer `key = v - min` to every plank it feeds.
    @inline(__always)
    private func addScale(_ q: QuestionPlan, key: Int, steps: Int,
                          _ fastSum: UnsafeMutableBufferPointer<Int64>, _ slowSum: inout [Rational]) {
        for m in q.mappings {
            let k = m.scaleHigh ? key : steps - key
            if planks[m.plank].denominator != nil {
                fastSum[m.plank] &+= m.fastTable[0] &* Int64(k)
            } else {
                slowSum[m.plank] += m.slowTable[0] * Rational(k)
            }
        }
    }

    /// overall = sum(plank weight x plank) / sum(plank weight) over non-null planks.
    func overallScore(_ scores: [PlankScore]) -> Rational? {
        var sum = Rational.zero
        var nullWeight = Rational.zero
        var anyScore = false
        for (p, s) in scores.enumerated() {
            guard let value = s.score else { nullWeight += planks[p].weight; continue }
            anyScore = true
            sum += planks[p].weight * value
        }
        let weight = nullWeight.isZero ? totalPlankWeight : totalPlankWeight - nullWeight
        // A zero weight cannot come from a validated cycle (weights > 0); stay total anyway.
        guard anyScore, !weight.isZero else { return nil }
        return sum / weight
    }
}
