#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace mutua::utf8 {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool valid(std::string_view s);
// The well-formed characters of s, in order; stray and broken bytes are dropped.
std::string valid_part(std::string_view s);
// Number of code points in a valid UTF-8 string.
size_t length(std::string_view s);
// Removes the last code point of a valid UTF-8 string (never half a character).
void pop_back(std::string& s);
// The longest prefix of s that is at most max_bytes long and ends on a code point boundary.
// Every cut of stored or replicated text goes through this, never through substr.
std::string_view truncate(std::string_view s, size_t max_bytes);
// Decodes the code points of a valid string, calling f(char32_t) for each.
template <typename F>
void for_each(std::string_view s, F&& f);

}  // namespace mutua::utf8

#include "core/utf8_inl.hpp"
