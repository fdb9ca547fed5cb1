/// Mustache templates of the voter guide. Inline CSS, no scripts; the charts are inline SVG.
enum VoterGuideTemplate {
    static let style = """
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1b1b;background:#fafafa;line-height:1.45}
        main{max-width:42rem;margin:0 auto;padding:1rem}
        header p{margin:.2rem 0;color:#444}
        h1{font-size:1.6rem;margin:.5rem 0}
        section.race{background:#fff;border:1px solid #ddd;border-radius:.5rem;padding:.8rem 1rem;margin:1rem 0}
        section.race h2{font-size:1.25rem;margin:0 0 .3rem}
        .status{display:inline-block;font-size:.85rem;padding:.1rem .5rem;border-radius:1rem;background:#eee}
        .status.endorsed{background:#d9f2dc;color:#13531c}
        .status.no_endorsement{background:#f4e3d3;color:#6b3a0c}
        .candidate{margin-top:.8rem;border-top:1px solid #eee;padding-top:.6rem}
        .candidate h3{margin:0;font-size:1.1rem}
        .meta{color:#555;font-size:.9rem;margin:.1rem 0 .4rem}
        nav.glance ul{list-style:none;padding:0;margin:.5rem 0}
        nav.glance li{display:flex;justify-content:space-between;gap:.5rem;padding:.35rem 0;border-bottom:1px solid #e6e6e6}
        nav.glance li span:last-child{text-align:right;font-weight:600}
        nav.glance li.no_endorsement span:last-child,nav.glance li.pending span:last-child{font-weight:400;color:#6b3a0c;font-style:italic}
        .plank{margin:.35rem 0}
        .plank-title{font-size:.85rem;color:#333}
        svg.bar{width:100%;height:auto;max-width:24rem;display:block}
        footer{color:#666;font-size:.85rem;margin:2rem 0 1rem}
        details{margin:.5rem 0}
        summary{cursor:pointer;color:#0b4f8a}
        dl.answers dt{font-weight:600;margin-top:.4rem}
        dl.answers dd{margin:0 0 0 .8rem;white-space:pre-line}
        .compare{overflow-x:auto;margin:.8rem 0}
        .compare table{border-collapse:collapse;font-size:.9rem}
        .compare th,.compare td{border:1px solid #ddd;padding:.25rem .4rem;text-align:right}
        .compare th[scope=row]{text-align:left;font-weight:400}
        .compare caption{text-align:left;font-weight:600;margin-bottom:.3rem}
        nav.languages ul{list-style:none;padding:0;margin:0;display:flex;gap:1rem}
        a{color:#0b4f8a}
        </style>
        """

    /// The start of every page up to `<title>`.
    static let head = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">

        """

    /// One candidate's answers (`answers` context of `GuidePage.answerList`).
    static let answers = """
        {{#answers}}
        <details><summary>{{summary}}</summary>
        <dl class="answers">
        {{#items}}
        <dt{{#questionLang}} lang="{{questionLang}}"{{/questionLang}}>{{question}}</dt>
        <dd{{#answerLang}} lang="{{answerLang}}"{{/answerLang}}>{{answer}}</dd>
        {{/items}}
        </dl>
        </details>
        {{/answers}}
        """

    static let page = head + """
        <title>{{title}} — {{t.titleSuffix}}</title>
        \(style)
        </head>
        <body><main>
        <header>
        {{#hasLanguages}}
        <nav class="languages" aria-label="{{t.language}}"><ul>
        {{#languages}}<li>{{#current}}<strong lang="{{code}}">{{name}}</strong>{{/current}}{{^current}}<a href="{{href}}" lang="{{code}}" hreflang="{{code}}">{{name}}</a>{{/current}}</li>{{/languages}}
        </ul></nav>
        {{/hasLanguages}}
        <h1{{#pageTitleLang}} lang="{{pageTitleLang}}"{{/pageTitleLang}}>{{title}}</h1>
        <p>{{t.electionDay}}: <strong>{{electionDate}}</strong></p>
        <p>{{t.endorsementsOf}} {{#coalitionURL}}<a href="{{coalitionURL}}">{{coalition}}</a>{{/coalitionURL}}{{^coalitionURL}}{{coalition}}{{/coalitionURL}}</p>
        </header>
        <nav class="glance" aria-label="{{t.glanceLabel}}">
        <h2>{{t.glance}}</h2>
        <ul>
        {{#races}}
        <li class="{{status}}"><span><a href="#{{id}}"{{#nameLang}} lang="{{nameLang}}"{{/nameLang}}>{{name}}</a></span><span>{{#endorsed}}{{endorsedNames}}{{/endorsed}}{{^endorsed}}{{statusLabel}}{{/endorsed}}</span></li>
        {{/races}}
        </ul>
        </nav>
        {{#races}}
        <section class="race" id="{{id}}">
        <h2{{#nameLang}} lang="{{nameLang}}"{{/nameLang}}>{{name}}</h2>
        <span class="status {{status}}">{{statusLabel}}</span>
        {{#howChosen}}<p class="meta">{{howChosen}}</p>{{/howChosen}}
        {{#endorsements}}
        <div class="candidate">
        <h3>{{name}}{{#incumbent}} <small>({{t.incumbent}})</small>{{/incumbent}}</h3>
        <p class="meta">{{ballotLine}} · {{overallLine}}{{#website}} · <a href="{{website}}">{{t.website}}</a>{{/website}}</p>
        <div class="chart" role="list" aria-label="{{chartLabel}}">
        {{#bars}}
        <div class="plank" role="listitem">
        <div class="plank-title"{{#titleLang}} lang="{{titleLang}}"{{/titleLang}}>{{title}}</div>
        <svg class="bar" viewBox="0 0 {{chartWidth}} 14" role="img" aria-label="{{label}}">
        <rect x="0" y="2" width="{{barWidth}}" height="10" rx="2" fill="#e6e6e6"/>
        <rect x="0" y="2" width="{{width}}" height="10" rx="2" fill="#2e7d32"/>
        <text x="{{scoreX}}" y="11" font-size="11" fill="#333">{{score}}</text>
        </svg>
        </div>
        {{/bars}}
        </div>
        \(answers)
        </div>
        {{/endorsements}}
        {{^endorsed}}
        <p class="meta">{{statusLabel}}: {{t.noCandidate}}</p>
        {{/endorsed}}
        {{#comparison}}
        <div class="compare" role="region" aria-label="{{label}}" tabindex="0">
        <table>
        <caption>{{t.compare}}</caption>
        <thead><tr><th scope="col">{{t.plank}}</th>{{#columns}}<th scope="col">{{name}}{{#endorsed}} {{t.endorsedMark}}{{/endorsed}}</th>{{/columns}}</tr></thead>
        <tbody>
        {{#rows}}
        <tr><th scope="row"{{#titleLang}} lang="{{titleLang}}"{{/titleLang}}>{{title}}</th>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>
        {{/rows}}
        </tbody>
        </table>
        </div>
        {{/comparison}}
        {{#hasOthers}}
        <h3>{{t.others}}</h3>
        {{#others}}
        <div class="candidate">
        <h4>{{name}}{{#incumbent}} <small>({{t.incumbent}})</small>{{/incumbent}}</h4>
        <p class="meta">{{ballotLine}} · {{overallLine}}{{#website}} · <a href="{{website}}">{{t.website}}</a>{{/website}}</p>
        \(answers)
        </div>
        {{/others}}
        {{/hasOthers}}
        </section>
        {{/races}}
        {{#hasRescinded}}
        <section class="race"><h2>{{t.rescinded}}</h2>
        <ul>{{#rescinded}}<li>{{candidate}} ({{race}}): {{reason}}</li>{{/rescinded}}</ul>
        </section>
        {{/hasRescinded}}
        <footer>
        {{#answersShown}}<p>{{t.answersNote}}</p>{{/answersShown}}
        <p>{{t.members}} {{#members}}{{.}}; {{/members}}</p>
        <p>{{versionLine}} {{t.signed}} <a href="{{jsonHref}}">{{t.jsonAddress}}</a>.</p>
        </footer>
        </main></body>
        </html>

        """

    static let notFound = head + """
        <title>{{title}}</title>
        \(style)
        </head>
        <body><main>
        <h1>{{title}}</h1>
        <p>{{body}}</p>
        </main></body>
        </html>

        """
}
