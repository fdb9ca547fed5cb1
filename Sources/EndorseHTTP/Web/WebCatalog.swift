import Foundation

/// Every word the pages and the emails say on their own (not the cycle file's texts), in English
/// and Spanish: the one place to change or add a translation. `%1`, `%2` are filled in order.
/// Spanish addresses the reader as "usted", as civic mail in Chicago does.
enum WebCatalog {
    static let entries = pageEntries.merging(ballotEntries) { first, _ in first }

    /// The layout's, the candidate pages' and the emails' words (`ballotEntries`: the org pages').
    static let pageEntries: [String: (en: String, es: String)] = [
        // Layout
        "skip": ("Skip to content", "Saltar al contenido"),
        "languageSwitch": ("Language", "Idioma"),
        "footer": ("Sent by %1.", "Enviado por %1."),
        "invalidTitle": ("Link not valid", "Enlace no válido"),
        "invalidBody": ("This link does not work. It may have been replaced by a newer one or withdrawn. If you were sent a personal link, open the most recent one in your email, or contact the organization that sent it.",
                        "Este enlace no funciona. Puede que lo hayan reemplazado por uno más reciente o que lo hayan retirado. Si recibió un enlace personal, abra el más reciente de su correo o comuníquese con la organización que se lo envió."),
        "unavailableTitle": ("Please try again shortly", "Inténtelo de nuevo en unos minutos"),
        "unavailableBody": ("The service cannot reach its database right now, so nothing was saved. Please try again in a few minutes.",
                            "El servicio no puede comunicarse con su base de datos en este momento, así que no se guardó nada. Inténtelo de nuevo en unos minutos."),
        "failedTitle": ("Something went wrong", "Algo salió mal"),
        "failedBody": ("The page could not be shown. Please try again; if it keeps happening, contact the organization that sent you the link.",
                       "No se pudo mostrar la página. Inténtelo de nuevo; si sigue pasando, comuníquese con la organización que le envió el enlace."),
        // Overview
        "overviewTitle": ("Your candidate questionnaire", "Su cuestionario de candidatura"),
        "hello": ("Hello, %1.", "Hola, %1."),
        "overviewIntro": ("%1 asks every candidate the same questions. Your answers are scored against the coalition's platform and shared with its member organizations before they vote on endorsements.",
                          "%1 les hace las mismas preguntas a todas las personas candidatas. Sus respuestas se califican según la plataforma de la coalición y se comparten con sus organizaciones miembro antes de que voten los respaldos."),
        "race": ("Your race", "Su contienda"),
        "election": ("Election day", "Día de la elección"),
        "deadline": ("Answers close", "Fecha límite para responder"),
        "noDeadline": ("No closing date has been set.", "Todavía no se ha fijado una fecha límite."),
        "progress": ("%1 of %2 questions answered", "%1 de %2 preguntas respondidas"),
        "statusSubmitted": ("Your answers were submitted on %1.", "Sus respuestas se enviaron el %1."),
        "statusDraft": ("You saved a draft on %1. It has not been submitted yet.",
                        "Guardó un borrador el %1. Todavía no lo ha enviado."),
        "statusNone": ("You have not submitted answers yet.", "Todavía no ha enviado sus respuestas."),
        "decision": ("The coalition's decision", "Decisión de la coalición"),
        "decisionEndorsed": ("Endorsed: %1", "Respaldo para: %1"),
        "decisionNone": ("No endorsement in this race", "Ningún respaldo en esta contienda"),
        "thanks": ("Thank you. Your answers were submitted.", "Gracias. Sus respuestas se enviaron."),
        "start": ("Answer the questions", "Responder las preguntas"),
        "editAnswers": ("Edit your answers", "Modificar sus respuestas"),
        "seeAnswers": ("See your answers", "Ver sus respuestas"),
        "printAnswers": ("Printable copy with your answers", "Copia para imprimir con sus respuestas"),
        "printBlank": ("Blank printable questionnaire", "Cuestionario en blanco para imprimir"),
        "backOverview": ("Back to the overview", "Volver al resumen"),
        // Questionnaire
        "questionsTitle": ("Questionnaire", "Cuestionario"),
        "questionsIntro": ("Answer in any order. Save a draft at any time and come back later, on any device, with the link from your email. The coalition receives nothing until you submit.",
                           "Puede responder en el orden que quiera. Guarde un borrador cuando lo desee y vuelva más tarde, desde cualquier dispositivo, con el enlace de su correo. La coalición no recibe nada hasta que usted envíe sus respuestas."),
        "questionNumber": ("Question %1 of %2", "Pregunta %1 de %2"),
        "yes": ("Yes", "Sí"),
        "no": ("No", "No"),
        "scaleLeast": ("least", "mínimo"),
        "scaleMost": ("most", "máximo"),
        "scaleHint": ("From %1 (least) to %2 (most).", "Del %1 (mínimo) al %2 (máximo)."),
        "noAnswer": ("No answer", "Sin respuesta"),
        "wordLimit": ("Up to %1 words.", "Hasta %1 palabras."),
        "wordCount": ("%1 of %2 words", "%1 de %2 palabras"),
        "save": ("Save draft", "Guardar borrador"),
        "review": ("Review and submit", "Revisar y enviar"),
        "saved": ("Your draft was saved on %1.", "Su borrador se guardó el %1."),
        "readOnly": ("The questionnaire closed on %1. Your answers can no longer be changed.",
                     "El cuestionario cerró el %1. Ya no se pueden cambiar sus respuestas."),
        // Review
        "reviewTitle": ("Review and submit", "Revisar y enviar"),
        "reviewIntro": ("Check every answer. When you submit, these answers replace any you sent before. You can still change them until the questionnaire closes.",
                        "Revise cada respuesta. Al enviarlas, estas respuestas reemplazan las que haya enviado antes. Podrá cambiarlas hasta que cierre el cuestionario."),
        "missingOne": ("1 question is not answered.", "1 pregunta está sin responder."),
        "missingMany": ("%1 questions are not answered.", "%1 preguntas están sin responder."),
        "allAnswered": ("Every question is answered.", "Todas las preguntas tienen respuesta."),
        "unanswered": ("Not answered", "Sin responder"),
        "yourAnswer": ("Your answer", "Su respuesta"),
        "submit": ("Submit my answers", "Enviar mis respuestas"),
        "backEdit": ("Change answers", "Cambiar respuestas"),
        // Print
        "printTitle": ("Questionnaire", "Cuestionario"),
        "printFor": ("Answers of %1", "Respuestas de %1"),
        "printBlankNote": ("Blank copy: write your answers or use it to prepare them.",
                           "Copia en blanco: escriba sus respuestas o úsela para prepararlas."),
        "printButtonHint": ("Use your browser's Print command to print this page.",
                            "Use la opción Imprimir de su navegador para imprimir esta página."),
        // Errors
        "errorSummary": ("Nothing was saved. Please correct the following:",
                         "No se guardó nada. Corrija lo siguiente:"),
        "errNotYesNo": ("Choose yes or no.", "Elija sí o no."),
        "errNUL": ("Remove the invisible control character (NUL) from your answer.",
                   "Quite el carácter de control invisible (NUL) de su respuesta."),
        "errRange": ("Choose a whole number from %1 to %2.", "Elija un número entero del %1 al %2."),
        "errOption": ("Choose one of the options listed.", "Elija una de las opciones de la lista."),
        "errWords": ("Your answer has %1 words; the limit is %2.", "Su respuesta tiene %1 palabras; el límite es %2."),
        "errUnknownField": ("The form sent a field this questionnaire does not have (%1).",
                            "El formulario envió un campo que este cuestionario no tiene (%1)."),
        "errAction": ("The form did not say whether to save or review.",
                      "El formulario no indicó si guardar o revisar."),
        "errCSRF": ("This form has expired or did not come from this page, so nothing was saved. Please send it again.",
                    "Este formulario venció o no vino de esta página, así que no se guardó nada. Envíelo de nuevo."),
        "errTooLarge": ("What you sent is larger than 64 KiB, so nothing was saved. Please shorten your answers.",
                        "Lo que envió supera los 64 KiB, así que no se guardó nada. Acorte sus respuestas."),
        "errClosed": ("The questionnaire closed on %1, so nothing was saved.",
                      "El cuestionario cerró el %1, así que no se guardó nada."),
        // Email
        "mailSubject": ("Candidate questionnaire: %1", "Cuestionario de candidatura: %1"),
        "mailSubjectRemind": ("Reminder: candidate questionnaire, %1", "Recordatorio: cuestionario de candidatura, %1"),
        "mailHello": ("Dear %1,", "Estimado/a %1:"),
        "mailInvite": ("%1 invites you to answer its candidate questionnaire for %2 (%3).",
                       "%1 le invita a responder su cuestionario de candidatura para %2 (%3)."),
        "mailRemind": ("This is a reminder: %1 has not yet received your answers to its candidate questionnaire for %2 (%3).",
                       "Le recordamos que %1 aún no ha recibido sus respuestas al cuestionario de candidatura para %2 (%3)."),
        "mailLink": ("Your personal link:", "Su enlace personal:"),
        "mailHow": ("Answer in your browser, in English or Spanish. You can save a draft and come back later, on any device.",
                    "Responda en su navegador, en español o en inglés. Puede guardar un borrador y volver más tarde, desde cualquier dispositivo."),
        "mailDeadline": ("Answers close on %1.", "La fecha límite para responder es el %1."),
        "mailKeep": ("Please do not share this link: anyone who has it can answer in your name.",
                     "No comparta este enlace: cualquier persona que lo tenga puede responder en su nombre."),
    ]

    /// The text of `key` in `language`, `%1`, `%2`, ... replaced by `args`.
    static func text(_ key: String, _ language: WebLanguage, _ args: String...) -> String {
        text(key, language, args: args)
    }

    static func text(_ key: String, _ language: WebLanguage, args: [String]) -> String {
        guard let entry = entries[key] else { return key }
        var out = language == .es ? entry.es : entry.en
        for (i, a) in args.enumerated().reversed() { out = out.replacingOccurrences(of: "%\(i + 1)", with: a) }
        return out
    }

    /// Every entry in `language`, for the templates (`{{t.save}}`).
    static func all(_ language: WebLanguage) -> [String: String] {
        entries.mapValues { language == .es ? $0.es : $0.en }
    }

    static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August",
                           "September", "October", "November", "December"]
    static let monthsES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                           "septiembre", "octubre", "noviembre", "diciembre"]
}
