/// The layout every page shares and the plain page of an invalid link (Mustache). Scripts and
/// styles only from `/assets/` (the CSP forbids inline ones).
enum WebTemplates {
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <link rel="stylesheet" href="/assets/endorse.css">
        <script src="/assets/endorse.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">{{t.skip}}</a>
        <header class="site">
        {{#hasSite}}<p class="site-name"{{#hasSiteLang}} lang="{{siteLang}}"{{/hasSiteLang}}>{{siteName}}</p>{{/hasSite}}
        <nav class="langs" aria-label="{{t.languageSwitch}}"><ul>
        {{#languages}}<li>{{#current}}<span aria-current="page" lang="{{code}}">{{name}}</span>{{/current}}{{^current}}<a href="?lang={{code}}" lang="{{code}}" hreflang="{{code}}">{{name}}</a>{{/current}}</li>{{/languages}}
        </ul></nav>
        </header>
        <main id="main" tabindex="-1">
        {{{content}}}
        </main>
        {{#hasFooter}}<footer class="site"><p>{{footer}}</p></footer>{{/hasFooter}}
        </body>
        </html>

        """

    static let invalidLink = """
        <h1>{{t.invalidTitle}}</h1>
        <p>{{t.invalidBody}}</p>
        """

    static let message = """
        <h1>{{heading}}</h1>
        <p>{{text}}</p>
        """

    /// The error summary at the top of a refused form: each error a link to its field.
    static let errorSummary = """
        {{#hasErrors}}<div class="error-summary" id="error-summary" role="alert">
        <h2>{{t.errorSummary}}</h2>
        <ul>{{#errorList}}<li>{{#hasTarget}}<a href="#{{target}}">{{label}}: {{message}}</a>{{/hasTarget}}{{^hasTarget}}{{message}}{{/hasTarget}}</li>{{/errorList}}</ul>
        </div>{{/hasErrors}}
        """
}
