#pragma once
// Creation-bound ids (docs/security.md, "Fixed fields"): a record made by this Mutua gets an id
// whose second half is a hash of its first half, its table and its fixed values. Whoever later
// makes another creation under the same id (an insider who copied it) cannot make that id fit
// different fixed values (a second preimage of 64 bits), whatever creation time it claims. So
// when two creations of one id collide, a creation its id is bound to wins over one it is not
// bound to, and only among creations alike in this is the claimed creation time compared.
// Nothing leaves a device that did not before: the id is 16 bytes as ever; older Mutuas see a
// random-looking id (docs/bundle-format.md, "Ids").
#include <vector>

#include "core/id.hpp"
#include "core/schema.hpp"

namespace mutua {

// A fresh id bound to `fixed`: 8 random bytes, then 8 bytes of BLAKE2b over them, the table
// and the fixed values.
Id creation_bound_id(TableId table, const std::vector<Value>& fixed);

// True when `id` was made by creation_bound_id for exactly these fixed values.
bool creation_bound(TableId table, const Id& id, const std::vector<Value>& fixed);

}  // namespace mutua
