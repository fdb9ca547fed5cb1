import BigInt

/// Per-plank constants of a cycle.
struct PlankPlan: Sendable {
    let id: String
    let weight: Rational
    let minScore: Rational?
    /// Number of (question, mapping) pairs feeding the plank.
    let pairCount: Int
    /// Sum of the mapping weights: the plank denominator when nothing is left out.
    let mappingWeight: Rational
    /// `100 / mappingWeight`, precomputed for the common case.
    let fullScale: Rational
    /// Common denominator D of every non-text term: the plank's integer sum counts 1/D.
    /// nil when the terms would not fit in Int64 (the plank is then summed as Rationals).
    let denominator: Int64?
}

/// One (question, plank mapping) pair.
struct MappingPlan: Sendable {
    let plank: Int
    /// The mapping's weight inside the plank, w.
    let weight: Rational
    /// w x s for each answer key, in units of 1/D of the plank (fast) and as Rationals (slow).
    /// yes_no: keys 0 = no, 1 = yes; choice: option index; scale: see `scaleHigh`.
    let fastTable: [Int64]
    let slowTable: [Rational]
    /// scale only: the term for key k (= v - min) is unit x k when favoring high, unit x
    /// (range - k) when favoring low; `fastTable`/`slowTable` hold the single unit w / range.
    let scaleHigh: Bool
}

struct QuestionPlan: Sendable {
    enum Kind: Sendable {
        case yesNo
        case scale(min: Int, max: Int)
        case choice(optionIDs: [String])
        case text(maxPoints: Int)
    }

    let id: String
    let kind: Kind
    let mappings: [MappingPlan]
}

extension ScoringEngine {
    /// Builds the plan. The cycle is assumed validated (CycleFile); where it is not, the plan
    /// stays total rather than trapping: a mapping to an unknown plank is ignored, a missing
    /// `favors` means yes/high, an empty scale or zero max_points scores 0.
    static func plan(_ cycle: Cycle) -> (planks: [PlankPlan], questions: [QuestionPlan]) {
        var plankIndex: [String: Int] = [:]
        for (i, p) in cycle.platform.enumerated() where plankIndex[p.id] == nil { plankIndex[p.id] = i }

        // Pass 1: every mapping's exact terms, and per plank the weights and term denominators.
        struct RawMapping { let plank: Int; let weight: Rational; let terms: [Rational]; let high: Bool; let steps: Int }
        var raw: [[RawMapping]] = []
        var pairCount = Array(repeating: 0, count: cycle.platform.count)
        var mappingWeight = Array(repeating: Rational.zero, count: cycle.platform.count)
        var lcm: [BigInt] = Array(repeating: 1, count: cycle.platform.count)
        for q in cycle.questionnaire {
            var list: [RawMapping] = []
            for m in q.planks {
                guard let p = plankIndex[m.plank] else { continue }
                let w = Rational(m.weight)
                pairCount[p] += 1
                mappingWeight[p] += w
                let terms: [Rational]
                var high = true
                var steps = 0
                switch q.kind {
                case .yesNo:
                    let favorsNo = m.favors == .no
                    terms = favorsNo ? [w, .zero] : [.zero, w]
                case .scale(let min, let max):
                    high = m.favors != .low
                    steps = max > min ? max - min : 0
                    terms = [steps > 0 ? w / Rational(steps) : .zero]
                case .choice(let options):
                    terms = options.map { w * Rational($0.score) }
                case .text:
                    terms = []
                }
                for t in terms {
                    lcm[p] = leastCommonMultiple(lcm[p], t.denominator)
                }
                list.append(RawMapping(plank: p, weight: w, terms: terms, high: high, steps: steps))
            }
            raw.append(list)
        }

        // Pass 2: choose each plank's denominator, checking that no sum can overflow Int64.
        var fits = Array(repeating: true, count: cycle.platform.count)
        var bound: [BigInt] = Array(repeating: 0, count: cycle.platform.count)
        for (qi, q) in cycle.questionnaire.enumerated() {
            for m in raw[qi] {
                // The largest magnitude this mapping can add to the plank's sum; x D it is an
                // integer, D being a multiple of every term's denominator.
                let largest = m.terms.map { $0.signum < 0 ? -$0 : $0 }.max() ?? .zero
                let reach = q.kind.isScale ? largest * Rational(m.steps) : largest
                bound[m.plank] += reach.numerator * (lcm[m.plank] / reach.denominator)
            }
        }
        let limit = BigInt(Int64.max)
        for p in fits.indices where lcm[p] > limit || bound[p] > limit { fits[p] = false }

        let planks = cycle.platform.enumerated().map { (i, plank) in
            PlankPlan(id: plank.id, weight: Rational(plank.weight), minScore: plank.minScore.map(Rational.init),
                      pairCount: pairCount[i], mappingWeight: mappingWeight[i],
                      fullScale: mappingWeight[i].isZero ? .zero : Rational(100) / mappingWeight[i],
                      denominator: fits[i] ? Int64(lcm[i]) : nil)
        }

        let questions = cycle.questionnaire.enumerated().map { (qi, q) in
            let mappings = raw[qi].map { m in
                let fast: [Int64] = fits[m.plank]
                    ? m.terms.map { t in Int64(t.numerator * (lcm[m.plank] / t.denominator)) }
                    : []
                return MappingPlan(plank: m.plank, weight: m.weight, fastTable: fast, slowTable: m.terms,
                                   scaleHigh: m.high)
            }
            let kind: QuestionPlan.Kind = switch q.kind {
            case .yesNo: .yesNo
            case .scale(let min, let max): .scale(min: min, max: max)
            case .choice(let options): .choice(optionIDs: options.map(\.id))
            case .text(let maxPoints): .text(maxPoints: maxPoints)
            }
            return QuestionPlan(id: q.id, kind: kind, mappings: mappings)
        }
        return (planks, questions)
    }

    static func leastCommonMultiple(_ a: BigInt, _ b: BigInt) -> BigInt {
        a / a.greatestCommonDivisor(with: b) * b
    }
}

extension QuestionKind {
    var isScale: Bool {
        if case .scale = self { return true }
        return false
    }
}
