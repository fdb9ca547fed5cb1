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
        </style>
        """

    /// The start of every page up to `<title>`.
    static let head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">

        """

    static let page = head + """
        <title>{{title}} — voter guide</title>
        \(style)
        </head>
        <body><main>
        <header>
        <h1>{{title}}</h1>
        <p>Election day: <strong>{{electionDate}}</strong></p>
        <p>Endorsements of {{#coalitionURL}}<a href="{{coalitionURL}}">{{coalition}}</a>{{/coalitionURL}}{{^coalitionURL}}{{coalition}}{{/coalitionURL}}</p>
        </header>
        <nav class="glance" aria-label="Every race at a glance">
        <h2>At a glance</h2>
        <ul>
        {{#races}}
        <li class="{{status}}"><span><a href="#{{id}}">{{name}}</a></span><span>{{#endorsed}}{{endorsedNames}}{{/endorsed}}{{^endorsed}}{{statusLabel}}{{/endorsed}}</span></li>
        {{/races}}
        </ul>
        </nav>
        {{#races}}
        <section class="race" id="{{id}}">
        <h2>{{name}}</h2>
        <span class="status {{status}}">{{statusLabel}}</span>
        {{#howChosen}}<p class="meta">{{howChosen}}</p>{{/howChosen}}
        {{#endorsements}}
        <div class="candidate">
        <h3>{{name}}{{#incumbent}} <small>(incumbent)</small>{{/incumbent}}</h3>
        <p class="meta">On the ballot as {{ballotName}} · overall score {{overall}} / 100{{#website}} · <a href="{{website}}">website</a>{{/website}}</p>
        <div class="chart" role="list" aria-label="Plank alignment of {{name}}">
        {{#bars}}
        <div class="plank" role="listitem">
        <div class="plank-title">{{title}}</div>
        <svg class="bar" viewBox="0 0 {{chartWidth}} 14" role="img" aria-label="{{title}}: {{score}} of 100">
        <rect x="0" y="2" width="{{barWidth}}" height="10" rx="2" fill="#e6e6e6"/>
        <rect x="0" y="2" width="{{width}}" height="10" rx="2" fill="#2e7d32"/>
        <text x="{{scoreX}}" y="11" font-size="11" fill="#333">{{score}}</text>
        </svg>
        </div>
        {{/bars}}
        </div>
        </div>
        {{/endorsements}}
        {{^endorsed}}
        <p class="meta">{{#statusLabel}}{{statusLabel}}{{/statusLabel}}: the coalition endorses no candidate in this race.</p>
        {{/endorsed}}
        </section>
        {{/races}}
        {{#hasRescinded}}
        <section class="race"><h2>Rescinded endorsements</h2>
        <ul>{{#rescinded}}<li>{{candidate}} ({{race}}): {{reason}}</li>{{/rescinded}}</ul>
        </section>
        {{/hasRescinded}}
        <footer>
        <p>Member organizations: {{#members}}{{.}}; {{/members}}</p>
        <p>Slate version {{version}}, published {{publishedAt}}. The signed slate is at <a href="../v1/cycles/{{cycleID}}/slate">its JSON address</a>.</p>
        </footer>
        </main></body>
        </html>

        """

    static let notFound = head + """
        <title>No voter guide yet</title>
        \(style)
        </head>
        <body><main>
        <h1>No voter guide yet</h1>
        <p>The coalition has not published endorsements for {{cycle}} yet. Please check back later.</p>
        </main></body>
        </html>

        """
}
