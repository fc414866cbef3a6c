#pragma once
// Words of an item, reduced so that "Mantas" finds "blanket" and "pañales" finds "nappies":
// lowercase, Latin accents stripped, plural -s/-es tried off, and a small bilingual synonym
// table (en/es/fr/uk) mapping each known word to one concept.
#include <string>
#include <string_view>
#include <vector>

namespace mutua {

struct ItemWord {
  std::string text;               // as written, lowercase, for showing in reasons
  std::vector<std::string> keys;  // a concept ("#water") or the word's plain/singular forms
  bool minor = false;  // a number or a unit ("4", "kg", "pack"): adds to a match, never makes one
};

// The meaningful words of `item` (stop words dropped), each at most once. Numbers and units are
// kept as minor words: they add to a match of real words ("size 4") but never make one alone.
std::vector<ItemWord> item_words(std::string_view item);

// Lowercase, accents stripped ("Jabón" -> "jabon", "ДЕ" -> "де"); other characters unchanged.
std::string fold_word(std::string_view word);

struct SharedWord {
  std::string need_word;   // as written in the need
  std::string offer_word;  // as written in the offer
  bool minor = false;
};
// Words of the need that the offer shares (through a key), in the need's order.
std::vector<SharedWord> shared_words(const std::vector<ItemWord>& need,
                                     const std::vector<ItemWord>& offer);

}  // namespace mutua
