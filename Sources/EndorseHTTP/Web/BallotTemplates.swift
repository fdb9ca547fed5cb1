/// The org's ballot pages (web.md "Member orgs"): overview, race ballot, review, a candidate's
/// answers. No counts and no other org's ballot appear on any of them.
enum BallotTemplates {
    static let overview = """
        <h1>{{t.ballotsTitle}}</h1>
        <p>{{hello}}</p>
        <p>{{intro}}</p>
        <h2>{{t.racesHeading}}</h2>
        <ul class="races">
        {{#races}}<li><a href="/b/races/{{id}}"{{#hasNameLang}} lang="{{nameLang}}"{{/hasNameLang}}>{{name}}</a>
        <span class="race-state">{{stateText}}</span>{{#hasBallotText}} <span class="race-ballot">{{ballotText}}</span>{{/hasBallotText}}</li>
        {{/races}}
        </ul>
        """

    static let candidates = """
        <h2>{{t.candidatesHeading}}</h2>
        {{^hasCandidates}}<p>{{t.noCandidates}}</p>{{/hasCandidates}}
        <ul class="candidates">
        {{#candidates}}<li class="candidate">
        <h3>{{name}}{{#incumbent}} <span class="tag">({{t.incumbent}})</span>{{/incumbent}}</h3>
        {{#hasFullName}}<p class="full-name">{{fullName}}</p>{{/hasFullName}}
        <div class="score"><label for="score-{{id}}">{{overallLabel}}</label>
        <meter id="score-{{id}}" min="0" max="100" value="{{overallValue}}">{{overallValue}}</meter></div>
        {{#planks}}<div class="score plank"><label for="score-{{id}}">{{label}}</label>
        <meter id="score-{{id}}" min="0" max="100" value="{{value}}">{{value}}</meter></div>{{/planks}}
        <p><a href="/b/candidates/{{id}}">{{readAnswers}}</a></p>
        </li>{{/candidates}}
        </ul>
        """

    static let form = """
        <form method="post" action="/b/races/{{id}}" novalidate class="ballot">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#isRanking}}
        <fieldset class="ranking" data-ranking data-t-ranked="{{jsText.ranked}}" data-t-unranked="{{jsText.unranked}}" data-t-up="{{jsText.up}}" data-t-down="{{jsText.down}}" data-t-remove="{{jsText.remove}}" data-t-add="{{jsText.add}}" data-t-up-short="{{jsText.upShort}}" data-t-down-short="{{jsText.downShort}}" data-t-remove-short="{{jsText.removeShort}}" data-t-add-short="{{jsText.addShort}}" data-t-moved="{{jsText.moved}}" data-t-removed="{{jsText.removed}}" data-t-empty="{{jsText.empty}}">
        <legend>{{t.rankLegend}}</legend>
        <p class="hint" id="how">{{how}}</p>
        <div class="rank-rows">
        {{#rows}}<div class="rank-row{{#hasError}} has-error{{/hasError}}" data-id="{{id}}" data-name="{{name}}">
        <label for="{{field}}">{{name}}</label>
        {{#hasError}}<p class="error" id="{{field}}-error">{{errorText}}</p>{{/hasError}}
        <select id="{{field}}" name="{{field}}"{{#hasError}} aria-invalid="true" aria-describedby="{{field}}-error"{{/hasError}}>
        <option value=""{{#notRanked}} selected{{/notRanked}}>{{t.notRanked}}</option>
        {{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}
        </select></div>
        {{/rows}}
        </div>
        </fieldset>
        {{/isRanking}}
        {{#isThreshold}}
        <fieldset aria-describedby="how{{#hasGroupError}} choice-error{{/hasGroupError}}">
        <legend>{{t.chooseLegend}}</legend>
        <p class="hint" id="how">{{how}}</p>
        {{#hasGroupError}}<p class="error" id="choice-error">{{groupError}}</p>{{/hasGroupError}}
        <div class="options">{{#choices}}<div class="option"><input type="radio" id="choice--{{id}}" name="choice" value="{{id}}"{{#checked}} checked{{/checked}}><label for="choice--{{id}}">{{name}}</label></div>{{/choices}}</div>
        </fieldset>
        {{/isThreshold}}
        {{#isApproval}}
        <fieldset aria-describedby="how{{#hasGroupError}} approve-error{{/hasGroupError}}">
        <legend>{{t.approveLegend}}</legend>
        <p class="hint" id="how">{{how}}</p>
        {{#hasGroupError}}<p class="error" id="approve-error">{{groupError}}</p>{{/hasGroupError}}
        <div class="options">{{#choices}}<div class="option"><input type="checkbox" id="approve--{{id}}" name="approve" value="{{id}}"{{#checked}} checked{{/checked}}><label for="approve--{{id}}">{{name}}</label></div>{{/choices}}</div>
        </fieldset>
        {{/isApproval}}
        <fieldset class="special"{{#hasSpecialError}} aria-describedby="special-error"{{/hasSpecialError}}>
        <legend>{{t.specialLegend}}</legend>
        {{#hasSpecialError}}<p class="error" id="special-error">{{specialError}}</p>{{/hasSpecialError}}
        <div class="options">{{#specials}}<div class="option"><input type="radio" id="special--{{id}}" name="special" value="{{value}}"{{#checked}} checked{{/checked}}><label for="special--{{id}}">{{label}}</label></div>{{/specials}}</div>
        </fieldset>
        <div class="actions"><button type="submit" name="action" value="review">{{t.reviewBallot}}</button></div>
        </form>
        """

    static let race = """
        <p><a href="/b">{{t.backRaces}}</a></p>
        <h1{{#hasRaceNameLang}} lang="{{raceNameLang}}"{{/hasRaceNameLang}}>{{raceName}}</h1>
        \(WebTemplates.errorSummary)
        {{#hasNotice}}<p class="notice" role="status">{{notice}}</p>{{/hasNotice}}
        {{#hasReadOnly}}<p class="notice read-only">{{readOnly}}</p>{{/hasReadOnly}}
        {{#hasCurrent}}<section class="current" aria-labelledby="current-heading">
        <h2 id="current-heading">{{t.yourBallot}}</h2>
        <p>{{currentHeading}}</p>
        {{#hasCurrentLines}}<ul class="ballot-lines">{{#currentLines}}<li>{{.}}</li>{{/currentLines}}</ul>{{/hasCurrentLines}}
        <p>{{currentFacts}}</p>
        <p>{{t.receipt}}: <code class="receipt">{{receipt}}</code></p>
        <p class="hint">{{t.receiptHint}}</p>
        </section>{{/hasCurrent}}
        \(candidates)
        {{#canVote}}<h2>{{formHeading}}</h2>
        \(form)
        {{/canVote}}
        {{#canWithdraw}}<form method="post" action="/b/races/{{id}}" class="withdraw">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <p class="hint">{{t.withdrawHint}}</p>
        <div class="actions"><button type="submit" name="action" value="withdraw" class="secondary">{{t.withdraw}}</button></div>
        </form>{{/canWithdraw}}
        """

    static let review = """
        <p><a href="/b">{{t.backRaces}}</a></p>
        <h1>{{t.reviewBallotTitle}}</h1>
        <p class="race-name"{{#hasRaceNameLang}} lang="{{raceNameLang}}"{{/hasRaceNameLang}}>{{raceName}}</p>
        <p>{{t.reviewBallotIntro}}</p>
        <p><strong>{{heading}}</strong></p>
        {{#hasLines}}<ul class="ballot-lines">{{#lines}}<li>{{.}}</li>{{/lines}}</ul>{{/hasLines}}
        <form method="post" action="/b/races/{{id}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
        <div class="actions">
        <button type="submit" name="action" value="confirm">{{t.confirm}}</button>
        <button type="submit" name="action" value="edit" class="secondary">{{t.changeBallot}}</button>
        </div>
        </form>
        """

    static let answers = """
        <p><a href="/b/races/{{race}}">{{backText}}</a></p>
        <h1>{{heading}}</h1>
        <p>{{t.answersIntro}}</p>
        {{^hasAnswers}}<p class="notice">{{t.answersNone}}</p>{{/hasAnswers}}
        <ol class="review">
        {{#rows}}<li>
        <p class="qtext"{{#hasTextLang}} lang="{{textLang}}"{{/hasTextLang}}>{{text}}</p>
        <p class="answer"{{#hasAnswerLang}} lang="{{answerLang}}"{{/hasAnswerLang}}>{{#answered}}{{answer}}{{/answered}}{{^answered}}<strong class="flag">{{t.unanswered}}</strong>{{/answered}}</p>
        </li>{{/rows}}
        </ol>
        """
}
