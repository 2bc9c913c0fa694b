#pragma once
// What the fuzz targets share.
//
// The engine rejects a bad input by throwing kaya::error (input_error, unit_error,
// model_error): that is an expected outcome, the message a user would read. Anything else
// leaving the engine is a finding: another exception (std::out_of_range, std::bad_alloc,
// ...), an internal_error (the engine's own invariant broken), a crash or a sanitizer report.
// An exception that is not caught here ends the process (std::terminate), so libFuzzer and
// the replay both report it with the stack of the throw.
//
// Two properties of what the engine writes are findings too (checked_output, and the
// message of every rejection): every text it produces is valid UTF-8 without NUL, which
// JSON, CSV, HTML, SVG, LaTeX and terminals need, and a diagnostic's message holds no NUL,
// since what() would end there.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/errors/error.hpp"

namespace kaya::fuzz {

//! The offset of the first byte of `text` that is NUL or not part of well-formed UTF-8
//! (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or npos.
inline std::size_t first_invalid_byte(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) len = 3, lo = 0xA0;
        else if (c == 0xED) len = 3, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) len = 4, lo = 0x90;
        else if (c == 0xF4) len = 4, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else return i;
        if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

//! Checks that `text`, which the engine produced as `what`, is valid UTF-8 without NUL;
//! aborts with the place otherwise.
inline void checked_output(std::string_view what, std::string_view text) {
    const std::size_t at = first_invalid_byte(text);
    if (at == std::string_view::npos) return;
    std::fprintf(stderr, "finding: %.*s holds a NUL or invalid UTF-8 at byte %zu (0x%02x)\n", static_cast<int>(what.size()),
                 what.data(), at, static_cast<unsigned>(static_cast<unsigned char>(text[at])));
    std::abort();
}

//! With KAYA_FUZZ_VERBOSE set, the targets print each rejection (to see what an input does).
inline bool verbose() {
    static const bool on = std::getenv("KAYA_FUZZ_VERBOSE") != nullptr;
    return on;
}

//! Runs `step`; a rejection of the input (kaya::error other than internal_error) ends it
//! quietly, anything else propagates. Returns whether the step ran to its end.
template <class Step>
bool rejections_expected(Step&& step) {
    try {
        step();
        return true;
    } catch (const internal_error&) {
        throw;
    } catch (const error& e) {
        // Every rejection carries its rendered diagnostic, whole.
        if (std::string_view(e.what()).empty()) throw;
        if (e.message().find('\0') != std::string::npos) {
            std::fprintf(stderr, "finding: a diagnostic's message holds a NUL; what() ends there: %s\n", e.what());
            std::abort();
        }
        if (verbose()) std::cerr << "rejected: " << e.what() << "\n";
    }
    return false;
}

//! The input as text, bytes unchanged (NUL and invalid UTF-8 included).
inline std::string text_of(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

//! The lines of `text`, without their '\n'.
inline std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            if (start < text.size()) out.emplace_back(text.substr(start));
            break;
        }
        out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace kaya::fuzz
