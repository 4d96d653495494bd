"""Server reflection against the real orderlyd, with grpcio-reflection's client (v1alpha) and raw
v1 requests."""
import grpc
import pytest
from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase


def test_lists_registered_services_and_resolves_them(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        services = set(database.get_services())
        assert {"grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                "grpc.reflection.v1alpha.ServerReflection", "orderly.v1.InventoryService",
                "orderly.v1.OrderService", "orderly.v1.ShipmentService", "orderly.v1.ReturnService",
                "orderly.v1.ReportingService", "orderly.v1.AdminService"} == services
        pool = DescriptorPool(database)
        for name in services:
            assert pool.FindServiceByName(name).methods, name
        check = pool.FindServiceByName("grpc.health.v1.Health").methods_by_name["Check"]
        assert check.input_type.full_name == "grpc.health.v1.HealthCheckRequest"
        create = pool.FindServiceByName("orderly.v1.OrderService").methods_by_name["CreateOrder"]
        assert create.input_type.full_name == "orderly.v1.CreateOrderRequest"
        assert "lines" in create.input_type.fields_by_name
        assert create.output_type.fields_by_name["status"].enum_type.full_name == "orderly.v1.OrderStatus"


def test_unknown_symbol_is_not_found(orderlyd):
    with grpc.insecure_channel(orderlyd.address) as channel:
        pool = DescriptorPool(ProtoReflectionDescriptorDatabase(channel))
        with pytest.raises(KeyError):
            pool.FindMessageTypeByName("no.such.Message")


def test_v1_file_by_filename_and_errors(orderlyd):
    from grpc_reflection.v1alpha import reflection_pb2  # v1 has the same fields; reuse its messages
    ident = lambda b: b
    with grpc.insecure_channel(orderlyd.address) as channel:
        call = channel.stream_stream("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
                                     request_serializer=ident, response_deserializer=ident)
        requests = [reflection_pb2.ServerReflectionRequest(file_by_filename="grpc/health/v1/health.proto"),
                    reflection_pb2.ServerReflectionRequest(file_by_filename="no/such.proto")]
        answers = [reflection_pb2.ServerReflectionResponse.FromString(raw)
                   for raw in call(iter(r.SerializeToString() for r in requests), timeout=10)]
    assert len(answers) == 2
    files = [descriptor_pb2.FileDescriptorProto.FromString(b)
             for b in answers[0].file_descriptor_response.file_descriptor_proto]
    assert files[0].name == "grpc/health/v1/health.proto"
    assert files[0].service[0].name == "Health"
    assert answers[1].error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
