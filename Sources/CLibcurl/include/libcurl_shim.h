#ifndef PDM_LIBCURL_SHIM_H
#define PDM_LIBCURL_SHIM_H
#include <curl/curl.h>

/// libcurl's option setters are variadic, which Swift cannot call: one typed setter per argument
/// kind. Each returns libcurl's result code.
CURLcode pdm_curl_easy_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode pdm_curl_easy_setopt_pointer(CURL *easy, CURLoption option, const void *value);
CURLcode pdm_curl_easy_setopt_offset(CURL *easy, CURLoption option, curl_off_t value);
CURLMcode pdm_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// A callback that receives bytes of a response (its body, or its header lines).
typedef size_t (*pdm_curl_receive_fn)(char *bytes, size_t size, size_t count, void *context);

/// Sets the body and header callbacks of a transfer, both called with `context`.
CURLcode pdm_curl_easy_set_receivers(CURL *easy, pdm_curl_receive_fn body, pdm_curl_receive_fn header, void *context);

/// The HTTP status of the last response of a transfer (0 when none came).
long pdm_curl_easy_response_code(CURL *easy);

/// The transfer a finished message of `curl_multi_info_read` is about, and its result; 0 when
/// the message is not about a finished transfer.
int pdm_curl_message_done(const CURLMsg *message, CURL **easy, CURLcode *result);

/// Initialises libcurl once per process; later calls return the first result.
CURLcode pdm_curl_global_init(void);

#endif
