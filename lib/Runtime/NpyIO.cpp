//===- NpyIO.cpp - Reading and writing .npy files -------------------------===//
//
// NumPy's `.npy` format (numpy.lib.format): the magic `\x93NUMPY`, a
// major/minor version, a little-endian header length (2 bytes in 1.0, 4
// bytes in 2.0 and 3.0), then a Python dict literal such as
//
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
//
// padded with spaces and a newline, then the raw C-order data.
//
// Reading parses the dict properly (any key order, either quote style,
// trailing commas, `()` for rank 0), rejects what Kiln cannot represent
// (Fortran order, big-endian or other dtypes) and checks that the file holds
// exactly the data the header promises. Writing produces version 1.0 with
// the header padded to 64 bytes, through a temporary file in the same
// directory that is renamed over the target, so that a failed write never
// leaves a partial file behind.
//
//===----------------------------------------------------------------------===//

#include "kiln/Runtime/HostTensor.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace kiln;
using llvm::StringRef;

static constexpr char kMagic[] = "\x93NUMPY";
static constexpr size_t kMagicSize = 6;

/// An error whose message is `PATH: MESSAGE`.
static llvm::Error makeError(StringRef path, const llvm::Twine &message) {
  return llvm::createStringError(path + ": " + message);
}

/// The `.npy` descr of a dtype (bf16 travels as uint16 bit patterns).
static StringRef getDescr(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "<f4";
  case DType::F16:
    return "<f2";
  case DType::BF16:
    return "<u2";
  case DType::F64:
    return "<f8";
  case DType::I1:
    return "|b1";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  }
  return "";
}

static std::optional<DType> parseDescr(StringRef descr) {
  for (DType dtype : {DType::F32, DType::F16, DType::BF16, DType::F64,
                      DType::I1, DType::I32, DType::I64})
    if (descr == getDescr(dtype))
      return dtype;
  return std::nullopt;
}

namespace {

/// The parsed content of a `.npy` header dict.
struct NpyHeader {
  std::string descr;
  bool fortranOrder = false;
  llvm::SmallVector<int64_t> shape;
};

/// A parser for the small subset of Python literal syntax that `.npy`
/// headers use. Each method returns false after setting `error`.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  /// Parses the whole dict into `header`.
  bool parse(NpyHeader &header) {
    bool seenDescr = false, seenOrder = false, seenShape = false;
    skipSpace();
    if (!consume('{'))
      return fail("expected '{' at the start of the header");
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key, "a dict key"))
        return false;
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after key '" + key + "'");
      skipSpace();
      if (key == "descr") {
        if (seenDescr)
          return fail("duplicate key 'descr'");
        seenDescr = true;
        if (!text.starts_with("'") && !text.starts_with("\""))
          return fail("unsupported dtype (structured arrays are not "
                      "supported)");
        if (!parseString(header.descr, "the value of 'descr'"))
          return false;
      } else if (key == "fortran_order") {
        if (seenOrder)
          return fail("duplicate key 'fortran_order'");
        seenOrder = true;
        if (consumeWord("True"))
          header.fortranOrder = true;
        else if (consumeWord("False"))
          header.fortranOrder = false;
        else
          return fail("expected True or False for 'fortran_order'");
      } else if (key == "shape") {
        if (seenShape)
          return fail("duplicate key 'shape'");
        seenShape = true;
        if (!parseShape(header.shape))
          return false;
      } else {
        return fail("unexpected key '" + key + "'");
      }
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}' after the value of '" + key + "'");
    }
    skipSpace();
    if (!text.empty())
      return fail("unexpected text after the header dict");
    if (!seenDescr)
      return fail("missing key 'descr'");
    if (!seenOrder)
      return fail("missing key 'fortran_order'");
    if (!seenShape)
      return fail("missing key 'shape'");
    return true;
  }

  const std::string &getError() const { return error; }

private:
  bool fail(const llvm::Twine &message) {
    error = message.str();
    return false;
  }

  void skipSpace() { text = text.ltrim(" \t\r\n"); }

  bool consume(char c) {
    if (!text.starts_with(StringRef(&c, 1)))
      return false;
    text = text.drop_front();
    return true;
  }

  bool consumeWord(StringRef word) {
    if (!text.starts_with(word))
      return false;
    StringRef rest = text.drop_front(word.size());
    if (!rest.empty() && (llvm::isAlnum(rest.front()) || rest.front() == '_'))
      return false;
    text = rest;
    return true;
  }

  /// Parses a quoted string without escapes.
  bool parseString(std::string &out, StringRef what) {
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return fail("expected a quoted string for " + what);
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return fail("unterminated string in the header");
    StringRef body = text.slice(1, end);
    if (body.contains('\\'))
      return fail("escape sequences are not supported in the header");
    out = body.str();
    text = text.drop_front(end + 1);
    return true;
  }

  /// Parses `()`, `(n,)`, `(a, b, ...)` with an optional trailing comma.
  bool parseShape(llvm::SmallVector<int64_t> &shape) {
    if (!consume('('))
      return fail("expected a tuple for 'shape'");
    while (true) {
      skipSpace();
      if (consume(')'))
        return true;
      size_t digits = 0;
      while (digits < text.size() && llvm::isDigit(text[digits]))
        ++digits;
      if (digits == 0)
        return fail("expected a non-negative integer in 'shape'");
      int64_t size;
      if (text.take_front(digits).getAsInteger(10, size))
        return fail("dimension " + text.take_front(digits) +
                    " in 'shape' is too large");
      shape.push_back(size);
      text = text.drop_front(digits);
      consume('L'); // Python 2 longs.
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume(')'))
        return true;
      return fail("expected ',' or ')' in 'shape'");
    }
  }

  StringRef text;
  std::string error;
};

} // namespace

static uint32_t readLittleEndian(const unsigned char *bytes, unsigned count) {
  uint32_t value = 0;
  for (unsigned i = 0; i < count; ++i)
    value |= static_cast<uint32_t>(bytes[i]) << (8 * i);
  return value;
}

llvm::Expected<HostTensor> kiln::readNpy(StringRef path) {
  if (llvm::sys::IsBigEndianHost)
    return makeError(path, ".npy files are only supported on little-endian "
                           "hosts");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> bufferOrErr =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (std::error_code ec = bufferOrErr.getError()) {
    if (ec == std::errc::no_such_file_or_directory)
      return makeError(path, "no such file");
    return makeError(path, "cannot read the file: " + ec.message());
  }
  StringRef contents = (*bufferOrErr)->getBuffer();
  const auto *bytes = reinterpret_cast<const unsigned char *>(contents.data());

  if (contents.size() < kMagicSize + 2 ||
      std::memcmp(contents.data(), kMagic, kMagicSize) != 0)
    return makeError(path, "not a .npy file (bad magic string)");
  unsigned major = bytes[kMagicSize], minor = bytes[kMagicSize + 1];
  unsigned lengthBytes;
  if (major == 1 && minor == 0)
    lengthBytes = 2;
  else if ((major == 2 || major == 3) && minor == 0)
    lengthBytes = 4;
  else
    return makeError(path, "unsupported .npy format version " +
                               llvm::Twine(major) + "." + llvm::Twine(minor));
  size_t prefix = kMagicSize + 2 + lengthBytes;
  if (contents.size() < prefix)
    return makeError(path, "file is truncated inside the header");
  uint64_t headerLength = readLittleEndian(bytes + kMagicSize + 2, lengthBytes);
  if (headerLength > contents.size() - prefix)
    return makeError(path, "file is truncated: the header needs " +
                               llvm::Twine(headerLength) + " bytes, found " +
                               llvm::Twine(contents.size() - prefix));
  StringRef headerText = contents.substr(prefix, headerLength);

  NpyHeader header;
  HeaderParser parser(headerText);
  if (!parser.parse(header))
    return makeError(path, "malformed header: " + parser.getError());
  std::optional<DType> dtype = parseDescr(header.descr);
  if (!dtype)
    return makeError(path, "unsupported dtype '" + header.descr +
                               "' (supported: <f4 <f2 <u2 (bf16) <f8 |b1 "
                               "<i4 <i8)");
  if (header.fortranOrder)
    return makeError(path, "Fortran-order arrays are not supported (save a "
                           "C-contiguous array, e.g. with "
                           "numpy.ascontiguousarray)");

  int64_t elementSize = static_cast<int64_t>(getDTypeSize(*dtype));
  int64_t expectedBytes = elementSize;
  for (int64_t size : header.shape)
    if (llvm::MulOverflow(expectedBytes, size, expectedBytes))
      return makeError(path, "shape is too large");
  uint64_t dataOffset = prefix + headerLength;
  uint64_t foundBytes = contents.size() - dataOffset;
  if (foundBytes < static_cast<uint64_t>(expectedBytes))
    return makeError(path, "file is truncated: expected " +
                               llvm::Twine(expectedBytes) +
                               " data bytes, found " + llvm::Twine(foundBytes));
  if (foundBytes > static_cast<uint64_t>(expectedBytes))
    return makeError(path, "file size does not match the header: expected " +
                               llvm::Twine(expectedBytes) +
                               " data bytes, found " + llvm::Twine(foundBytes));

  HostTensor tensor(*dtype, header.shape);
  if (!tensor.getData())
    return makeError(path, "cannot allocate " + llvm::Twine(expectedBytes) +
                               " bytes");
  if (expectedBytes > 0)
    std::memcpy(tensor.getData(), contents.data() + dataOffset,
                static_cast<size_t>(expectedBytes));
  if (*dtype == DType::I1) {
    // numpy stores bools as 0/1; normalize anything else to 1.
    auto *flags = static_cast<unsigned char *>(tensor.getData());
    for (int64_t i = 0; i < expectedBytes; ++i)
      flags[i] = flags[i] != 0;
  }
  return std::move(tensor);
}

/// The `.npy` header (magic, version, length, dict and padding) of a
/// tensor, padded so that the data starts at a multiple of 64 bytes. Uses
/// version 1.0 unless the dict does not fit its 16-bit length.
static std::string buildHeader(const HostTensor &tensor) {
  std::string dict;
  llvm::raw_string_ostream os(dict);
  os << "{'descr': '" << getDescr(tensor.getDType())
     << "', 'fortran_order': False, 'shape': (";
  llvm::ArrayRef<int64_t> shape = tensor.getShape();
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? ", " : "") << shape[i];
  if (shape.size() == 1)
    os << ",";
  os << "), }";

  unsigned lengthBytes = 2;
  size_t unpadded = kMagicSize + 2 + lengthBytes + dict.size() + 1;
  if (llvm::alignTo(unpadded, 64) - kMagicSize - 2 - lengthBytes > 0xffff) {
    lengthBytes = 4;
    unpadded += 2;
  }
  size_t total = llvm::alignTo(unpadded, 64);
  dict.append(total - unpadded, ' ');
  dict.push_back('\n');
  uint32_t length = static_cast<uint32_t>(dict.size());

  std::string header(kMagic, kMagicSize);
  header.push_back(lengthBytes == 2 ? 1 : 2);
  header.push_back(0);
  for (unsigned i = 0; i < lengthBytes; ++i)
    header.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  header += dict;
  return header;
}

llvm::Error kiln::writeNpy(StringRef path, const HostTensor &tensor) {
  if (llvm::sys::IsBigEndianHost)
    return makeError(path, ".npy files are only supported on little-endian "
                           "hosts");
  for (int64_t size : tensor.getShape())
    if (size < 0)
      return makeError(path, "cannot write a tensor with a negative size");
  if (!tensor.getData())
    return makeError(path, "cannot write a tensor without data");
  std::string header = buildHeader(tensor);

  int fd = -1;
  llvm::SmallString<256> tempPath;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%%%", fd, tempPath))
    return makeError(path, "cannot create a temporary file: " + ec.message());

  std::error_code writeError;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << header;
    os.write(static_cast<const char *>(tensor.getData()), tensor.getNumBytes());
    os.close();
    if (os.has_error()) {
      writeError = os.error();
      os.clear_error();
    }
  }
  if (writeError) {
    llvm::sys::fs::remove(tempPath);
    return makeError(path, "cannot write: " + writeError.message());
  }
  if (std::error_code ec = llvm::sys::fs::rename(tempPath, path)) {
    llvm::sys::fs::remove(tempPath);
    return makeError(path, "cannot write: " + ec.message());
  }
  return llvm::Error::success();
}
