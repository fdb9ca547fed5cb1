/// The pages' only stylesheet and script, served from `/assets/` (the CSP allows nothing else).
/// The pages work fully without the script: it only adds a live word count to text answers and
/// the ranking list of the ballot pages (`WebAssets+Ranking.swift`).
enum WebAssets {
    static let css = baseCSS + "\n" + ballotCSS
    static let js = wordCountJS + rankingJS

    static let baseCSS = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1.05rem;line-height:1.5;color:#1b1b1b;background:#fff}
        a{color:#0b4f96}
        a:hover{color:#073463}
        :focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;box-shadow:0 0 0 6px #ffd24d}
        .skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
        .skip:focus{left:.5rem}
        header.site{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:.5rem;padding:.6rem 1rem;background:#f1f4f8;border-bottom:1px solid #c9d1db}
        .site-name{margin:0;font-weight:600}
        nav.langs ul{list-style:none;margin:0;padding:0;display:flex;gap:.8rem}
        nav.langs span[aria-current]{font-weight:700}
        main{max-width:46rem;margin:0 auto;padding:1rem}
        main:focus{outline:none}
        h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
        h2{font-size:1.2rem}
        footer.site{max-width:46rem;margin:2rem auto 1rem;padding:0 1rem;color:#4a4a4a;font-size:.9rem}
        dl.facts{margin:1rem 0}
        dl.facts dt{font-weight:600;margin-top:.5rem}
        dl.facts dd{margin:0}
        @media (min-width:36rem){dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem}dl.facts dt{margin:0}}
        progress{width:100%;max-width:20rem;height:1rem;vertical-align:middle}
        .notice{background:#e7f4ea;border-left:5px solid #1e6b34;padding:.6rem .8rem}
        .error-summary{border:3px solid #b00020;padding:.6rem 1rem;margin:1rem 0}
        .error-summary h2{margin:.2rem 0 .4rem;font-size:1.1rem}
        .error-summary a{color:#b00020;font-weight:600}
        .error{color:#b00020;font-weight:600;margin:.3rem 0}
        .question{margin:1.6rem 0;padding-top:1rem;border-top:1px solid #d6dbe1}
        .question.has-error{border-left:5px solid #b00020;padding-left:.7rem}
        fieldset{border:0;margin:0;padding:0;min-width:0}
        legend,.qtext{display:block;font-weight:600;margin-bottom:.4rem;padding:0}
        .qnum{display:block;font-weight:400;font-size:.9rem;color:#4a4a4a}
        .hint{color:#4a4a4a;margin:.2rem 0 .5rem}
        .options .option{display:flex;align-items:flex-start;gap:.5rem;margin:.35rem 0}
        .options.scale{display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}
        input[type=radio]{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none}
        textarea{width:100%;font:inherit;padding:.5rem;border:2px solid #5b6570;border-radius:.25rem}
        [aria-invalid=true]{border-color:#b00020}
        .word-count{color:#4a4a4a;margin:.2rem 0}
        .word-count.over{color:#b00020;font-weight:600}
        .actions{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.5rem 0}
        button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.1rem;border-radius:.3rem;border:2px solid #0b4f96;background:#0b4f96;color:#fff;text-decoration:none;cursor:pointer}
        button.secondary,.button.secondary{background:#fff;color:#0b4f96}
        button:hover,.button:hover{background:#073463;border-color:#073463;color:#fff}
        ol.review,ol.print{padding-left:1.4rem}
        ol.review>li,ol.print>li{margin:1rem 0;padding-bottom:.6rem;border-bottom:1px solid #d6dbe1}
        .answer{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
        .flag{color:#b00020}
        ul.choices{list-style:none;padding-left:.5rem}
        .write-in{height:9rem;border:1px solid #5b6570;margin:.5rem 0}
        @media print{header.site,footer.site,.no-print,.skip{display:none}main{max-width:none}a{color:#000}}
        """

    static let wordCountJS = """
        // Progressive enhancement only: a live word count under text answers with a word limit.
        (function () {
          function count(text) {
            var words = text.trim().split(/\\s+/);
            return words.length === 1 && words[0] === "" ? 0 : words.length;
          }
          document.querySelectorAll("textarea[data-max-words]").forEach(function (area) {
            var max = parseInt(area.getAttribute("data-max-words"), 10);
            var out = document.getElementById(area.getAttribute("data-count-id"));
            var template = area.getAttribute("data-count-template");
            if (!out || !template) { return; }
            function update() {
              var n = count(area.value);
              out.textContent = template.replace("%1", String(n)).replace("%2", String(max));
              out.classList.toggle("over", n > max);
            }
            out.hidden = false;
            area.addEventListener("input", update);
            update();
          });
        })();

        """
}
