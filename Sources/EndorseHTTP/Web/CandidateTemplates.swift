/// The candidate's pages (web.md "Candidates"): overview, questionnaire, review, print.
enum CandidateTemplates {
    static let overview = """
        <h1>{{t.overviewTitle}}</h1>
        {{#thanks}}<p class="notice" role="status">{{t.thanks}}</p>{{/thanks}}
        <p>{{hello}}</p>
        <p>{{intro}}</p>
        <dl class="facts">
        <dt>{{t.race}}</dt><dd{{#hasRaceLang}} lang="{{raceLang}}"{{/hasRaceLang}}>{{race}}</dd>
        <dt>{{t.election}}</dt><dd>{{electionDay}}</dd>
        <dt>{{t.deadline}}</dt><dd>{{deadlineText}}</dd>
        {{#hasDecision}}<dt>{{t.decision}}</dt><dd>{{decisionText}}</dd>{{/hasDecision}}
        </dl>
        <p class="progress"><progress id="progress" max="{{total}}" value="{{answered}}" aria-labelledby="progress-label"></progress>
        <span id="progress-label">{{progressText}}</span></p>
        <p>{{statusText}}</p>
        {{#closed}}<p class="notice">{{closedText}}</p>{{/closed}}
        <p class="actions"><a class="button" href="/q/questions">{{mainAction}}</a>{{^closed}} <a class="button secondary" href="/q/review">{{t.review}}</a>{{/closed}}</p>
        <ul class="links">
        <li><a href="/q/print">{{t.printAnswers}}</a></li>
        <li><a href="/q/print/blank">{{t.printBlank}}</a></li>
        </ul>
        """

    static let questions = """
        <h1>{{t.questionsTitle}}</h1>
        \(WebTemplates.errorSummary)
        {{#hasNotice}}<p class="notice" role="status">{{notice}}</p>{{/hasNotice}}
        {{#editable}}<p>{{t.questionsIntro}}</p>{{/editable}}
        <form method="post" action="/q/questions" novalidate>
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#questions}}
        <div class="question{{#hasError}} has-error{{/hasError}}">
        {{#isText}}
        <label class="qtext" for="{{id}}"><span class="qnum">{{numberText}}</span> <span{{#hasTextLang}} lang="{{textLang}}"{{/hasTextLang}}>{{text}}</span></label>
        {{#hasMaxWords}}<p class="hint" id="{{id}}-hint">{{limitText}}</p>{{/hasMaxWords}}
        {{#hasError}}<p class="error" id="{{id}}-error">{{errorText}}</p>{{/hasError}}
        <textarea id="{{id}}" name="{{id}}" rows="8"{{#hasDescribedBy}} aria-describedby="{{describedBy}}"{{/hasDescribedBy}}{{#hasError}} aria-invalid="true"{{/hasError}}{{#hasMaxWords}} data-max-words="{{maxWords}}" data-count-template="{{t.wordCount}}" data-count-id="{{id}}-count"{{/hasMaxWords}}{{^editable}} readonly{{/editable}}>{{value}}</textarea>
        {{#hasMaxWords}}<p class="word-count" id="{{id}}-count" aria-live="polite" hidden></p>{{/hasMaxWords}}
        {{/isText}}
        {{^isText}}
        <fieldset{{#hasDescribedBy}} aria-describedby="{{describedBy}}"{{/hasDescribedBy}}{{^editable}} disabled{{/editable}}>
        <legend class="qtext"><span class="qnum">{{numberText}}</span> <span{{#hasTextLang}} lang="{{textLang}}"{{/hasTextLang}}>{{text}}</span></legend>
        {{#hasHint}}<p class="hint" id="{{id}}-hint">{{hint}}</p>{{/hasHint}}
        {{#hasError}}<p class="error" id="{{id}}-error">{{errorText}}</p>{{/hasError}}
        <div class="options{{#isScale}} scale{{/isScale}}">
        {{#options}}<div class="option"><input type="radio" id="{{inputID}}" name="{{field}}" value="{{value}}"{{#checked}} checked{{/checked}}{{#invalid}} aria-invalid="true"{{/invalid}}><label for="{{inputID}}"{{#hasLabelLang}} lang="{{labelLang}}"{{/hasLabelLang}}>{{label}}</label></div>{{/options}}
        </div>
        </fieldset>
        {{/isText}}
        </div>
        {{/questions}}
        {{#editable}}<div class="actions">
        <button type="submit" name="action" value="review">{{t.review}}</button>
        <button type="submit" name="action" value="save" class="secondary">{{t.save}}</button>
        </div>{{/editable}}
        </form>
        <p><a href="/q">{{t.backOverview}}</a></p>
        """

    static let review = """
        <h1>{{t.reviewTitle}}</h1>
        \(WebTemplates.errorSummary)
        {{#hasNotice}}<p class="notice" role="status">{{notice}}</p>{{/hasNotice}}
        {{#editable}}<p>{{t.reviewIntro}}</p>{{/editable}}
        <p class="missing">{{missingText}}</p>
        <ol class="review">
        {{#rows}}<li{{^answered}} class="unanswered"{{/answered}}>
        <p class="qtext"{{#hasTextLang}} lang="{{textLang}}"{{/hasTextLang}}>{{text}}</p>
        {{#answered}}<p class="answer"{{#hasAnswerLang}} lang="{{answerLang}}"{{/hasAnswerLang}}>{{answer}}</p>{{/answered}}
        {{^answered}}<p class="answer"><strong class="flag">{{t.unanswered}}</strong></p>{{/answered}}
        </li>{{/rows}}
        </ol>
        {{#editable}}<form method="post" action="/q/review">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <div class="actions"><button type="submit" name="action" value="submit">{{t.submit}}</button></div>
        </form>
        <p><a href="/q/questions">{{t.backEdit}}</a></p>{{/editable}}
        <p><a href="/q">{{t.backOverview}}</a></p>
        """

    static let print = """
        <h1>{{t.printTitle}}</h1>
        <p>{{subtitle}}</p>
        <p class="no-print">{{t.printButtonHint}} <a href="/q">{{t.backOverview}}</a></p>
        <ol class="print">
        {{#rows}}<li>
        <p class="qtext"{{#hasTextLang}} lang="{{textLang}}"{{/hasTextLang}}>{{text}}</p>
        {{#blank}}{{#hasChoices}}<ul class="choices">{{#choices}}<li><span aria-hidden="true">☐</span> {{.}}</li>{{/choices}}</ul>{{/hasChoices}}{{#hasMaxWords}}<p class="hint">{{limitText}}</p>{{/hasMaxWords}}{{#isText}}<div class="write-in"></div>{{/isText}}{{/blank}}
        {{^blank}}<p class="answer">{{#answered}}{{answer}}{{/answered}}{{^answered}}<strong class="flag">{{t.unanswered}}</strong>{{/answered}}</p>{{/blank}}
        </li>{{/rows}}
        </ol>
        """
}
