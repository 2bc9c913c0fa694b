#pragma once
//! One error tree for the whole engine. Every error has a stable kebab-case code
//! (documented in docs/reference/errors.md) and, where it concerns the input, a location.
//! `what()` is the complete GNU-format diagnostic: `file:line:col: error: message [code]`,
//! followed by the offending line and a caret.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/errors/source.hpp"

namespace kaya {

enum class error_code {
    yaml_syntax,
    unknown_key,
    missing_field,
    duplicate_name,
    invalid_value,
    unknown_unit,
    unit_mismatch,
    undefined_reference,
    negative_value,
    non_finite_value,
    invalid_range,
    value_outside_range,
    circular_formula,
    invalid_expression,
    unsupported_version,
    file_not_found,
    invalid_option,
    write_failed,
    implied_power_exceeds_hardware,
    internal,
};

//! The stable kebab-case name of a code, e.g. `unit-mismatch`.
[[nodiscard]] std::string_view code_name(error_code code) noexcept;

//! Process exit codes of the `kaya` executable.
//! 1 is a failure that is not the input's: of kaya itself, or of its environment (a full
//! disk, a read-only folder, a closed output).
enum class exit_code : int { success = 0, internal = 1, environment = 1, bad_input = 2 };

//! "file:line:col" (columns count characters), "file" when the line is unknown, or "kaya"
//! for a value given outside any file.
[[nodiscard]] std::string location_text(const source_loc& loc);

//! A second place an error refers to, such as the first definition of a duplicate.
struct related_loc {
    source_loc loc;
    std::string note;
};

//! What a message about an unknown name offers: a hint that explains (such as the names a
//! closed set allows) and the names likeliest meant, best first. Converts from one name, so
//! that a single suggestion can be passed as before; an empty name is no suggestion.
struct suggestion {
    std::string hint;                //!< e.g. "the phase kinds are embodied, idle, training and inference"
    std::vector<std::string> names;  //!< shown as "did you mean 'a', 'b' or 'c'?"
    std::size_t more = 0;            //!< further names that matched as well, left out

    suggestion() = default;
    suggestion(std::string one) { if (!one.empty()) names.push_back(std::move(one)); }
    suggestion(std::string_view one) : suggestion(std::string(one)) {}
    suggestion(const char* one) : suggestion(std::string(one)) {}

    [[nodiscard]] bool empty() const noexcept { return hint.empty() && names.empty(); }
    //! The clause a message ends with: "; HINT; did you mean 'a' or 'b'?", or empty.
    [[nodiscard]] std::string clause() const;
};

class error : public std::runtime_error {
public:
    error(error_code code, std::string message, source_loc loc = {},
          std::optional<related_loc> related = std::nullopt);

    [[nodiscard]] error_code code() const noexcept { return code_; }
    //! The message alone, without location, code or excerpt.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }
    [[nodiscard]] const source_loc& where() const noexcept { return loc_; }
    [[nodiscard]] virtual exit_code exit() const noexcept { return exit_code::bad_input; }
    //! What an invalid-option error is about, in the library's words ("report folder",
    //! "phase"), so that a front end can name its own option instead; empty otherwise.
    [[nodiscard]] const std::string& subject() const noexcept { return subject_; }
    //! The whole diagnostic again, with `subject()` replaced by `label` (e.g. "option -o").
    [[nodiscard]] std::string rendered_for(std::string_view label) const;

protected:
    std::string subject_;

private:
    error_code code_;
    std::string message_;
    source_loc loc_;
};

//! The input file cannot be read or is not a well-formed scenario.
class input_error : public error {
public:
    using error::error;
    static input_error yaml_syntax(const source_loc& loc, std::string_view what);
    static input_error unknown_key(const source_loc& loc, std::string_view key,
                                   std::string_view section, const suggestion& offer);
    static input_error missing_field(const source_loc& loc, std::string_view field,
                                     std::string_view section, std::string_view hint = {});
    //! A phase needs one of several sets of fields, e.g. "energy, or power and duration".
    static input_error missing_alternatives(const source_loc& loc, std::string_view section,
                                            std::string_view alternatives);
    static input_error duplicate_key(const source_loc& loc, std::string_view key,
                                     std::string_view section, const source_loc& first);
    //! A known key that the context gives no meaning, such as `site` on an embodied phase.
    static input_error unused_key(const source_loc& loc, std::string_view key,
                                  std::string_view context);
    static input_error duplicate_name(const source_loc& loc, std::string_view what,
                                      std::string_view name, const source_loc& first);
    static input_error invalid_value(const source_loc& loc, std::string_view expected,
                                     std::string_view got);
    static input_error undefined_reference(const source_loc& loc, std::string_view kind,
                                           std::string_view name, const suggestion& offer);
    //! A key without a value in an inline mapping `{...}`: the comma before it ended the
    //! previous entry, whose text (`previous`) was probably meant to go on.
    static input_error comma_in_inline_mapping(const source_loc& loc, std::string_view key,
                                               std::string_view previous_key, std::string_view previous);
    static input_error invalid_expression(const source_loc& loc, std::string_view what);
    static input_error unsupported_version(const source_loc& loc, std::string_view got);
    static input_error file_not_found(std::string_view path, std::string_view why);
    //! A value given for `subject` (a concept of the library: "report folder", "phase") that
    //! cannot be used; front ends may name their option instead (error::rendered_for).
    static input_error invalid_option(std::string_view subject, std::string_view what);
};

//! A unit that does not exist, or a quantity of the wrong dimension.
class unit_error : public error {
public:
    using error::error;
    static unit_error unknown_unit(const source_loc& loc, std::string_view unit,
                                   const suggestion& offer);
    static unit_error mismatch(const source_loc& loc, std::string_view what,
                               std::string_view expected, std::string_view got);
};

//! A well-formed scenario whose model is not meaningful.
class model_error : public error {
public:
    using error::error;
    static model_error negative_value(const source_loc& loc, std::string_view what,
                                      std::string_view value);
    static model_error non_finite_value(const source_loc& loc, std::string_view what);
    //! Two arguments out of order: "the mode 500 W exceeds the high end 450 W".
    static model_error invalid_range(const source_loc& loc, std::string_view what,
                                     std::string_view low_name, std::string_view low,
                                     std::string_view high_name, std::string_view high);
    //! `range` is written as an interval, e.g. "[1, inf)" or "(0, 1]".
    static model_error value_outside_range(const source_loc& loc, std::string_view what,
                                           std::string_view value, std::string_view range);
    //! A distribution whose values can leave the admissible range.
    static model_error range_exceeded(const source_loc& loc, std::string_view what,
                                      std::string_view from, std::string_view to,
                                      std::string_view range);
    static model_error can_be_negative(const source_loc& loc, std::string_view what,
                                       std::string_view from, std::string_view to);
    //! A formula that interval arithmetic cannot keep inside the admissible range.
    static model_error formula_range(const source_loc& loc, std::string_view what,
                                     std::string_view from, std::string_view to,
                                     std::string_view range);
    //! A formula that can divide by zero or leave a function's domain.
    static model_error undefined_values(const source_loc& loc, std::string_view what);
    //! Non-finite results found while sampling (a backstop behind the load-time checks).
    static model_error non_finite_result(const source_loc& loc, std::string_view what,
                                         long count, long samples);
    static model_error circular_formula(const source_loc& loc, std::string_view cycle);
};

//! The environment refused what kaya had to do, for a reason the operating system gives:
//! a disk full, a folder without write permission, a read-only file system. Exit code 1.
class environment_error : public error {
public:
    using error::error;
    //! Writing `what` ("the report into 'out'") failed for `reason` (the OS's words).
    static environment_error write_failed(std::string_view what, std::string_view reason);
    [[nodiscard]] exit_code exit() const noexcept override { return exit_code::environment; }
};

//! A failure of the engine itself; exit code 1.
class internal_error : public error {
public:
    explicit internal_error(std::string message);
    [[nodiscard]] exit_code exit() const noexcept override { return exit_code::internal; }
};

}  // namespace kaya
