// The protobuf encoding of the two grpc.testing messages the benchmark uses, by hand, as the
// "proto" codec (it replaces grpc-go's, which needs generated types). Only the fields the
// benchmark sets are written; unknown fields are skipped when reading.
package main

import (
	"errors"
	"fmt"

	"google.golang.org/grpc/encoding"
)

// SimpleRequest: response_size = 2, payload = 3 (Payload.body = 2).
type simpleRequest struct {
	responseSize int
	body         []byte
}

// SimpleResponse: payload = 1 (Payload.body = 2).
type simpleResponse struct {
	body []byte
}

type codec struct{}

func init() { encoding.RegisterCodec(codec{}) }

func (codec) Name() string { return "proto" }

func (codec) Marshal(v interface{}) ([]byte, error) {
	switch m := v.(type) {
	case *simpleRequest:
		out := appendVarint(append([]byte(nil), 0x10), uint64(m.responseSize))
		return appendPayload(out, 0x1a, m.body), nil
	case *simpleResponse:
		return appendPayload(nil, 0x0a, m.body), nil
	}
	return nil, fmt.Errorf("codec: cannot marshal %T", v)
}

func (codec) Unmarshal(data []byte, v interface{}) error {
	switch m := v.(type) {
	case *simpleRequest:
		return readFields(data, func(field int, value uint64, bytes []byte) error {
			switch field {
			case 2:
				m.responseSize = int(value)
			case 3:
				body, err := payloadBody(bytes)
				m.body = body
				return err
			}
			return nil
		})
	case *simpleResponse:
		return readFields(data, func(field int, _ uint64, bytes []byte) error {
			if field == 1 {
				body, err := payloadBody(bytes)
				m.body = body
				return err
			}
			return nil
		})
	}
	return fmt.Errorf("codec: cannot unmarshal into %T", v)
}

// appendPayload appends a Payload message {body} as field `tag`.
func appendPayload(out []byte, tag byte, body []byte) []byte {
	inner := appendVarint([]byte{0x12}, uint64(len(body)))
	out = append(out, tag)
	out = appendVarint(out, uint64(len(inner)+len(body)))
	out = append(out, inner...)
	return append(out, body...)
}

// payloadBody reads Payload.body, copied (as generated code does: the buffer is grpc-go's).
func payloadBody(data []byte) ([]byte, error) {
	var body []byte
	err := readFields(data, func(field int, _ uint64, bytes []byte) error {
		if field == 2 {
			body = append([]byte(nil), bytes...)
		}
		return nil
	})
	return body, err
}

func appendVarint(out []byte, v uint64) []byte {
	for v >= 0x80 {
		out = append(out, byte(v)|0x80)
		v >>= 7
	}
	return append(out, byte(v))
}

var errTruncated = errors.New("codec: truncated message")

func readVarint(data []byte) (uint64, int, error) {
	var v uint64
	for i := 0; i < len(data) && i < 10; i++ {
		v |= uint64(data[i]&0x7f) << (7 * uint(i))
		if data[i] < 0x80 {
			return v, i + 1, nil
		}
	}
	return 0, 0, errTruncated
}

// readFields calls visit with each field's number and its varint value or length-delimited bytes.
func readFields(data []byte, visit func(field int, value uint64, bytes []byte) error) error {
	for len(data) > 0 {
		key, n, err := readVarint(data)
		if err != nil {
			return err
		}
		data = data[n:]
		field, wire := int(key>>3), key&7
		var value uint64
		var bytes []byte
		switch wire {
		case 0:
			if value, n, err = readVarint(data); err != nil {
				return err
			}
			data = data[n:]
		case 2:
			length, n, err := readVarint(data)
			if err != nil || uint64(len(data)-n) < length {
				return errTruncated
			}
			bytes = data[n : n+int(length)]
			data = data[n+int(length):]
		case 1, 5:
			size := 8
			if wire == 5 {
				size = 4
			}
			if len(data) < size {
				return errTruncated
			}
			data = data[size:]
		default:
			return fmt.Errorf("codec: wire type %d", wire)
		}
		if err := visit(field, value, bytes); err != nil {
			return err
		}
	}
	return nil
}
