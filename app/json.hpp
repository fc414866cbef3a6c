#pragma once
// JSON output for --json, through RapidJSON (Debian rapidjson-dev, which Cereal uses too).
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <string_view>

#include "core/model.hpp"

namespace mutua::cli {

class JsonWriter {
 public:
  JsonWriter() : w_(buf_) {}
  void begin_array() { w_.StartArray(); }
  void end_array() { w_.EndArray(); }
  void begin_object() { w_.StartObject(); }
  void end_object() { w_.EndObject(); }
  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view v) { w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
  void num(int64_t v) { w_.Int64(v); }
  void boolean(bool v) { w_.Bool(v); }
  void null() { w_.Null(); }
  void field(std::string_view k, std::string_view v) {
    key(k);
    str(v);
  }
  void field(std::string_view k, int64_t v) {
    key(k);
    num(v);
  }
  void field_bool(std::string_view k, bool v) {
    key(k);
    boolean(v);
  }
  std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

 private:
  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

// Writes one entry as an object whose keys are the field names.
void write_entry_json(JsonWriter& w, const Entry& e, bool with_contacts);

}  // namespace mutua::cli
