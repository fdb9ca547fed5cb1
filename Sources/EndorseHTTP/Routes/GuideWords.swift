import Foundation

/// The voter guide's own words in English and Spanish (the cycle's texts come from the cycle
/// file). `%1`, `%2` are filled in order. Spanish addresses the reader as "usted", as the
/// candidates' pages do.
enum GuideWords {
    static let entries: [String: (en: String, es: String)] = [
        "titleSuffix": ("voter guide", "guía para votantes"),
        "electionDay": ("Election day", "Día de la elección"),
        "endorsementsOf": ("Endorsements of", "Respaldos de"),
        "glanceLabel": ("Every race at a glance", "Todas las contiendas de un vistazo"),
        "glance": ("At a glance", "De un vistazo"),
        "endorsed": ("Endorsed", "Con respaldo"),
        "noEndorsement": ("No endorsement", "Sin respaldo"),
        "pending": ("Decision pending", "Decisión pendiente"),
        "noCandidate": ("the coalition endorses no candidate in this race.",
                        "la coalición no respalda a ninguna candidatura en esta contienda."),
        "stv": ("Chosen by the member organisations' ranked votes (single transferable vote, %1 seats), listed in order of election.",
                "Elegidos por el voto preferencial de las organizaciones miembro (voto único transferible, %1 escaños), en orden de elección."),
        "incumbent": ("incumbent", "en el cargo"),
        "ballotAs": ("On the ballot as %1", "En la boleta como %1"),
        "overall": ("overall score %1 / 100", "puntuación general %1 / 100"),
        "website": ("website", "sitio web"),
        "chartLabel": ("Plank alignment of %1", "Coincidencia con la plataforma de %1"),
        "barLabel": ("%1: %2 of 100", "%1: %2 de 100"),
        "rescinded": ("Rescinded endorsements", "Respaldos retirados"),
        "members": ("Member organizations:", "Organizaciones miembro:"),
        "version": ("Slate version %1, published %2.", "Versión %1 de la lista, publicada el %2."),
        "signed": ("The signed slate is at", "La lista firmada está en"),
        "jsonAddress": ("its JSON address", "su dirección JSON"),
        "language": ("Language", "Idioma"),
        "answersOf": ("Answers of %1", "Respuestas de %1"),
        "yes": ("Yes", "Sí"),
        "no": ("No", "No"),
        "noAnswer": ("No answer", "Sin respuesta"),
        "scale": ("%1 on a scale of %2 to %3", "%1 en una escala de %2 a %3"),
        "compare": ("Every candidate who answered, plank by plank", "Cada candidatura que respondió, punto por punto"),
        "compareLabel": ("Plank-by-plank comparison in %1", "Comparación punto por punto en %1"),
        "plank": ("Plank", "Punto de la plataforma"),
        "overallRow": ("Overall", "General"),
        "endorsedMark": ("(endorsed)", "(con respaldo)"),
        "others": ("Other candidates who answered", "Otras candidaturas que respondieron"),
        "answersNote": ("Answers as submitted by the candidates when this version was published.",
                        "Respuestas tal como las enviaron las candidaturas cuando se publicó esta versión."),
        "notFoundTitle": ("No voter guide yet", "Todavía no hay guía para votantes"),
        "notFoundBody": ("The coalition has not published endorsements for %1 yet. Please check back later.",
                         "La coalición todavía no ha publicado respaldos para %1. Vuelva a consultar más tarde."),
    ]

    /// The text of `key` in `language` with `args` filled in.
    static func text(_ key: String, _ language: WebLanguage, _ args: String...) -> String {
        guard let entry = entries[key] else { return key }
        var text = language == .es ? entry.es : entry.en
        for (i, arg) in args.enumerated() { text = text.replacingOccurrences(of: "%\(i + 1)", with: arg) }
        return text
    }

    /// Every entry as a Mustache context (`{{t.glance}}`).
    static func all(_ language: WebLanguage) -> [String: String] {
        entries.mapValues { language == .es ? $0.es : $0.en }
    }
}
