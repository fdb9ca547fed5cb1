/// The ballot pages' part of our stylesheet and script. The script turns the ranking selects
/// (`rank-<id>`, one per candidate) into an ordered list with "move up" / "move down" / "remove"
/// / "add" buttons, operable by keyboard, each move announced in a live region; it keeps the
/// selects (hidden) in step, so the form submits the very same fields as without JavaScript.
extension WebAssets {
    static let ballotCSS = """
        ul.races,ul.candidates{list-style:none;padding:0}
        ul.races>li{margin:.8rem 0;padding-bottom:.6rem;border-bottom:1px solid #d6dbe1}
        ul.races>li>a{font-weight:600;display:block}
        .race-state,.race-ballot{display:block;color:#333}
        li.candidate{margin:1rem 0;padding:.6rem 0;border-top:1px solid #d6dbe1}
        li.candidate h3{margin:.2rem 0 .5rem}
        .tag{font-weight:400;color:#4a4a4a;font-size:.9rem}
        .score{display:flex;flex-wrap:wrap;align-items:center;gap:.1rem .6rem;margin:.2rem 0}
        .score label{flex:1 1 12rem;font-size:.95rem}
        .score.plank label{font-size:.85rem;color:#333}
        meter{flex:0 1 10rem;width:10rem;max-width:100%;height:1rem}
        .receipt{overflow-wrap:anywhere;font-size:.85rem}
        ul.ballot-lines{list-style:none;padding-left:.5rem}
        .full-name{margin:0 0 .4rem;color:#333}
        .rank-row{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .8rem;margin:.5rem 0}
        .rank-row label{flex:1 1 10rem}
        .rank-row.has-error{border-left:5px solid #b00020;padding-left:.6rem}
        .rank-row .error{flex-basis:100%}
        select{font:inherit;padding:.3rem;border:2px solid #5b6570;border-radius:.25rem;background:#fff;color:#1b1b1b}
        input[type=checkbox]{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none}
        fieldset.special{margin-top:1.2rem}
        .js-rank h3{font-size:1rem;margin:.8rem 0 .3rem}
        .js-rank ol,.js-rank ul{padding-left:0;list-style:none;margin:0}
        .js-rank li{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem .5rem;padding:.4rem 0;border-bottom:1px solid #d6dbe1}
        .js-rank .pos{font-weight:700;min-width:1.8rem}
        .js-rank .who{flex:1 1 8rem}
        .js-rank button{padding:.3rem .6rem;font-size:.95rem}
        .js-rank .empty{color:#4a4a4a;font-style:italic}
        .vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
        """

    static let rankingJS = """
        // The ranking list: the selects stay the form's fields; the list only sets them.
        (function () {
          function fill(text, a, b, c) {
            return text.replace("%1", a).replace("%2", b === undefined ? "" : b).replace("%3", c === undefined ? "" : c);
          }
          document.querySelectorAll("fieldset[data-ranking]").forEach(function (box) {
            var t = function (k) { return box.getAttribute("data-t-" + k) || ""; };
            var rowsBox = box.querySelector(".rank-rows");
            var items = Array.prototype.map.call(box.querySelectorAll(".rank-row"), function (row) {
              return { id: row.getAttribute("data-id"), name: row.getAttribute("data-name"), select: row.querySelector("select") };
            });
            var ranked = items.filter(function (i) { return i.select.value !== ""; })
              .sort(function (a, b) { return Number(a.select.value) - Number(b.select.value); });
            var ui = document.createElement("div");
            ui.className = "js-rank";
            var h1 = document.createElement("h3"); h1.id = box.id + "js-ranked-h"; h1.textContent = t("ranked");
            var list = document.createElement("ol"); list.setAttribute("aria-labelledby", h1.id);
            var h2 = document.createElement("h3"); h2.id = box.id + "js-unranked-h"; h2.textContent = t("unranked");
            var rest = document.createElement("ul"); rest.setAttribute("aria-labelledby", h2.id);
            var live = document.createElement("p"); live.className = "vh"; live.setAttribute("role", "status");
            live.setAttribute("aria-live", "polite");
            ui.append(h1, list, h2, rest, live);
            rowsBox.hidden = true;
            rowsBox.parentNode.insertBefore(ui, rowsBox);
            function button(label, short, item, action) {
              var b = document.createElement("button");
              b.type = "button"; b.className = "secondary"; b.textContent = short;
              b.setAttribute("aria-label", fill(label, item.name));
              b.setAttribute("data-act", action); b.setAttribute("data-for", item.id);
              b.addEventListener("click", function () { act(item, action); });
              return b;
            }
            function render(focus) {
              list.textContent = ""; rest.textContent = "";
              ranked.forEach(function (item, i) {
                var li = document.createElement("li");
                var pos = document.createElement("span"); pos.className = "pos"; pos.textContent = (i + 1) + ".";
                var who = document.createElement("span"); who.className = "who"; who.textContent = item.name;
                var up = button(t("up"), t("up-short"), item, "up"), down = button(t("down"), t("down-short"), item, "down");
                up.disabled = i === 0; down.disabled = i === ranked.length - 1;
                li.append(pos, who, up, down, button(t("remove"), t("remove-short"), item, "remove"));
                list.appendChild(li);
              });
              if (ranked.length === 0) {
                var none = document.createElement("li"); none.className = "empty"; none.textContent = t("empty");
                list.appendChild(none);
              }
              items.forEach(function (item) {
                item.select.value = ranked.indexOf(item) < 0 ? "" : String(ranked.indexOf(item) + 1);
                if (ranked.indexOf(item) < 0) {
                  var li = document.createElement("li");
                  var who = document.createElement("span"); who.className = "who"; who.textContent = item.name;
                  li.append(who, button(t("add"), t("add-short"), item, "add"));
                  rest.appendChild(li);
                }
              });
              if (focus) {
                var order = [focus.action, focus.action === "up" ? "down" : "up", "remove", "add"];
                for (var k = 0; k < order.length; k++) {
                  var el = ui.querySelector('button[data-for="' + focus.id + '"][data-act="' + order[k] + '"]');
                  if (el && !el.disabled) { el.focus(); break; }
                }
              }
            }
            function act(item, action) {
              var i = ranked.indexOf(item);
              if (action === "up" && i > 0) { ranked.splice(i, 1); ranked.splice(i - 1, 0, item); }
              else if (action === "down" && i >= 0 && i < ranked.length - 1) { ranked.splice(i, 1); ranked.splice(i + 1, 0, item); }
              else if (action === "remove" && i >= 0) { ranked.splice(i, 1); }
              else if (action === "add" && i < 0) { ranked.push(item); }
              render({ id: item.id, action: action });
              var at = ranked.indexOf(item);
              live.textContent = at < 0 ? fill(t("removed"), item.name)
                : fill(t("moved"), item.name, String(at + 1), String(ranked.length));
            }
            render(null);
          });
        })();

        """
}
