#include "core/item_words.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/utf8.hpp"

namespace mutua {

namespace {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Latin-1 Supplement letters U+00C0..U+00FF without their accents (lowercase).
constexpr const char* kLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",
};

void fold_into(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  } else if (c >= 0xC0 && c <= 0xFF) {
    out += kLatin1[c - 0xC0];
  } else if (c == 0x152 || c == 0x153) {
    out += "oe";
  } else if (c >= 0x100 && c <= 0x17F) {
    // Latin Extended-A: pairs of upper/lower letters whose base letter is enough for matching.
    static const char kBase[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrr"
        "ssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    size_t i = c - 0x100;
    out += i < sizeof kBase - 1 ? kBase[i] : '?';
  } else if (c >= 0x410 && c <= 0x42F) {
    append_utf8(out, c + 0x20);  // Cyrillic А..Я -> а..я
  } else if (c >= 0x400 && c <= 0x40F) {
    append_utf8(out, c + 0x50);  // Ѐ..Џ (Є, І, Ї) -> ѐ..џ
  } else if (c == 0x490) {
    append_utf8(out, 0x491);  // Ґ -> ґ
  } else {
    append_utf8(out, c);
  }
}

bool is_word_char(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  // Punctuation that may sit inside item text: middle dot, dashes, quotes, ellipsis.
  if (c == 0xB7 || c == 0xAB || c == 0xBB || (c >= 0x2010 && c <= 0x206F)) return false;
  return c >= 0xC0;
}

// Words that say nothing about the item.
const std::set<std::string, std::less<>>& stop_words() {
  static const std::set<std::string, std::less<>> words{
      "a",   "an",  "the", "of",   "for", "and", "or",  "with", "some", "any",  "to",   "in",
      "on",  "my",  "de",  "del",  "la",  "el",  "los", "las",  "para", "con",  "y",    "o",
      "en",  "un",  "una", "unos", "du",  "le",  "les", "des",  "et",   "pour", "avec", "au",
      "aux", "une", "для", "і",    "й",   "та",  "з",   "на",   "в",    "у"};
  return words;
}

// Units and sizes: shared ones say little about the item itself.
const std::set<std::string, std::less<>>& unit_words() {
  static const std::set<std::string, std::less<>> words{
      "kg",      "g",         "l",      "ml",    "lt",    "litre", "liter",  "litro",
      "pack",    "paquete",   "box",    "caja",  "bag",   "bolsa", "sac",    "bottle",
      "botella", "bouteille", "each",   "piece", "pieza", "unit",  "unidad", "pcs",
      "size",    "talla",     "taille", "x",     "кг",    "л",     "шт"};
  return words;
}

// One concept per line; every word of a line means the same thing for matching. Written as
// people type them; they go through the same folding and plural rules as item text.
constexpr const char* kSynonyms[][8] = {
    {"water", "agua", "eau", "вода"},
    {"rice", "arroz", "riz", "рис"},
    {"blanket", "manta", "frazada", "cobija", "couverture", "ковдра"},
    {"diaper", "nappy", "nappies", "pañal", "couche", "підгузки", "підгузок"},
    {"milk", "leche", "lait", "молоко"},
    {"bread", "pan", "pain", "хліб"},
    {"soap", "jabón", "savon", "мило"},
    {"medicine", "medication", "medicina", "medicamento", "médicament", "ліки"},
    {"clothes", "clothing", "ropa", "vêtement", "одяг"},
    {"shoe", "zapato", "calzado", "chaussure", "взуття"},
    {"tent", "tienda", "carpa", "tente", "намет"},
    {"charger", "cargador", "chargeur", "зарядка", "зарядний"},
    {"food", "comida", "alimento", "nourriture", "їжа"},
    {"towel", "toalla", "serviette", "рушник"},
    {"coat", "jacket", "abrigo", "chaqueta", "manteau", "veste", "куртка"},
    {"sock", "calcetín", "chaussette", "шкарпетки"},
    {"pillow", "almohada", "oreiller", "подушка"},
    {"mattress", "colchón", "matelas", "матрац"},
    {"battery", "batería", "pila", "batterie", "батарейка"},
    {"flashlight", "torch", "linterna", "lampe", "ліхтарик"},
    {"oil", "aceite", "huile", "олія"},
    {"bean", "frijol", "alubia", "haricot", "квасоля"},
    {"sugar", "azúcar", "sucre", "цукор"},
    {"formula", "fórmula", "суміш"},
    {"toothbrush", "cepillo", "brosse", "зубна"},
    {"wheelchair", "silla", "fauteuil", "візок"},
    {"ride", "lift", "viaje", "transporte", "trajet", "поїздка"},
};

std::vector<std::string> plain_forms(const std::string& w) {
  // Plural endings are tried off rather than decided: "shoes" -> shoe or sho, "pañales" ->
  // pañale or pañal; a form shorter than three characters is never used.
  std::vector<std::string> forms{w};
  if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's') {
    forms.push_back(w.substr(0, w.size() - 1));
    if (w.size() > 4 && w[w.size() - 2] == 'e') forms.push_back(w.substr(0, w.size() - 2));
  }
  return forms;
}

const std::map<std::string, std::string, std::less<>>& concepts() {
  static const auto table = [] {
    std::map<std::string, std::string, std::less<>> t;
    for (const auto& line : kSynonyms) {
      const std::string key = std::string("#") + fold_word(line[0]);
      for (const char* word : line)
        if (word) t.emplace(fold_word(word), key);
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string fold_word(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  if (!utf8::valid(word)) return std::string(word);
  utf8::for_each(word, [&](char32_t c) { fold_into(out, c); });
  return out;
}

std::vector<ItemWord> item_words(std::string_view item) {
  std::vector<ItemWord> words;
  if (!utf8::valid(item)) return words;
  std::vector<std::string> raw;
  std::string cur_text;
  auto flush = [&] {
    if (!cur_text.empty()) raw.push_back(std::move(cur_text));
    cur_text.clear();
  };
  auto all_number = [](const std::string& t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == ',';
    });
  };
  utf8::for_each(item, [&](char32_t c) {
    if (is_word_char(c))
      append_utf8(cur_text, c);
    else if ((c == '.' || c == ',') && all_number(cur_text))
      cur_text += char(c);  // "1.5"
    else
      flush();
  });
  flush();
  for (auto& t : raw)
    while (!t.empty() && (t.back() == '.' || t.back() == ',')) t.pop_back();
  std::erase_if(raw, [](const std::string& t) { return t.empty(); });
  const auto& stops = stop_words();
  const auto& table = concepts();
  for (const auto& text : raw) {
    const std::string folded = fold_word(text);
    if (stops.count(folded)) continue;
    // Numbers stay ("size 4" and "talla 4" agree) but never make a match on their own.
    const bool number = all_number(folded);
    if (!number && utf8::length(folded) < 2) continue;
    ItemWord w;
    w.minor = number;
    // Lowercase for display: folding loses accents, so lower only ASCII and keep the rest.
    for (char c : text) w.text += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    for (const auto& form : plain_forms(folded)) {
      if (auto it = table.find(form); it != table.end()) {
        w.keys = {it->second};
        break;
      }
      if (form.size() >= 3 || form == folded) w.keys.push_back(form);
      if (unit_words().count(form)) w.minor = true;
    }
    const bool seen = std::any_of(words.begin(), words.end(),
                                  [&](const ItemWord& o) { return o.keys == w.keys; });
    if (!seen) words.push_back(std::move(w));
  }
  return words;
}

std::vector<SharedWord> shared_words(const std::vector<ItemWord>& need,
                                     const std::vector<ItemWord>& offer) {
  std::vector<SharedWord> out;
  for (const auto& n : need) {
    for (const auto& o : offer) {
      const bool common = std::any_of(n.keys.begin(), n.keys.end(), [&](const std::string& k) {
        return std::find(o.keys.begin(), o.keys.end(), k) != o.keys.end();
      });
      if (common) {
        out.push_back({n.text, o.text, n.minor || o.minor});
        break;
      }
    }
  }
  return out;
}

}  // namespace mutua
