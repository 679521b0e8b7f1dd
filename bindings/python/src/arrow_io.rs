//! Arrow record batches across the PyCapsule interface (`__arrow_c_array__`): in from any
//! producer (pyarrow, polars, DuckDB, nanoarrow), out as a `pyarrow.RecordBatch` when
//! pyarrow is installed. No copy either way; the C data interface moves ownership.

use arrow_array::ffi::{from_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::RecordBatchReader;
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::{DataType, SchemaRef};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods, PyTuple};

/// Takes a record batch from an object with `__arrow_c_array__` (a record batch: a struct
/// array whose fields are the columns) or `__arrow_c_stream__` (a table, as Ray Data's
/// `map_batches` hands over: its batches are joined into one).
pub fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !obj.hasattr("__arrow_c_array__")? {
        if obj.hasattr("__arrow_c_stream__")? {
            return import_stream(obj);
        }
        return Err(PyTypeError::new_err(
            "expected an Arrow record batch or table (an object with __arrow_c_array__ or \
             __arrow_c_stream__, e.g. pyarrow.RecordBatch or pyarrow.Table)",
        ));
    }
    let pair = obj.call_method0("__arrow_c_array__")?;
    let pair = pair.cast::<PyTuple>()?;
    let schema = pair.get_item(0)?;
    let schema = schema.cast::<PyCapsule>()?;
    let array = pair.get_item(1)?;
    let array = array.cast::<PyCapsule>()?;
    let schema_ptr = schema.pointer_checked(Some(c"arrow_schema"))?;
    let array_ptr = array.pointer_checked(Some(c"arrow_array"))?;
    // SAFETY: the capsules are named as the PyCapsule interface requires, so they hold an
    // `ArrowSchema` and an `ArrowArray`. The array is moved out (its release callback left
    // null in the capsule, as the interface prescribes for a consumer); the schema is only
    // read and stays owned by its capsule.
    let data = unsafe {
        let array = std::ptr::replace(
            array_ptr.as_ptr().cast::<FFI_ArrowArray>(),
            FFI_ArrowArray::empty(),
        );
        from_ffi(array, &*schema_ptr.as_ptr().cast::<FFI_ArrowSchema>())
    }
    .map_err(|e| PyTypeError::new_err(format!("not a valid Arrow array: {e}")))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err(
            "expected a record batch (a struct array), got a plain array",
        ));
    }
    Ok(RecordBatch::from(StructArray::from(data)))
}

/// Reads an Arrow C stream to its end and joins its batches.
fn import_stream(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
    // SAFETY: a capsule named `arrow_array_stream` holds an `ArrowArrayStream`; it is moved
    // out, leaving a released (empty) stream in the capsule as the interface prescribes.
    let stream = unsafe {
        std::ptr::replace(
            ptr.as_ptr().cast::<FFI_ArrowArrayStream>(),
            FFI_ArrowArrayStream::empty(),
        )
    };
    let invalid = |e: arrow_schema::ArrowError| {
        PyTypeError::new_err(format!("not a valid Arrow stream: {e}"))
    };
    let reader = RecordBatchStreamReader::try_new(stream).map_err(invalid)?;
    let schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(invalid)?;
    arrow_select::concat::concat_batches(&schema, &batches).map_err(invalid)
}

/// A record batch with `__arrow_c_array__`, for pyarrow to import.
#[pyclass(module = "corpusforge")]
pub struct ArrowBatch {
    batch: std::sync::Mutex<Option<RecordBatch>>,
}

#[pymethods]
impl ArrowBatch {
    /// The Arrow PyCapsule interface: `(arrow_schema, arrow_array)` capsules. The batch can
    /// be taken once; `requested_schema` is not supported.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let batch = self
            .batch
            .lock()
            .map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("batch lock poisoned"))?
            .take()
            .ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err("the batch was already taken")
            })?;
        let data = StructArray::from(batch).into_data();
        let schema = FFI_ArrowSchema::try_from(data.data_type())
            .map_err(|e| PyTypeError::new_err(e.to_string()))?;
        let array = FFI_ArrowArray::new(&data);
        let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
        let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
        PyTuple::new(py, [schema.into_any(), array.into_any()])
    }
}

/// The batch as a `pyarrow.RecordBatch` (as an `ArrowBatch` capsule holder without pyarrow).
pub fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let holder = Bound::new(
        py,
        ArrowBatch {
            batch: std::sync::Mutex::new(Some(batch)),
        },
    )?
    .into_any();
    match py.import("pyarrow") {
        Ok(pa) => pa.call_method1("record_batch", (holder,)),
        Err(_) => Ok(holder),
    }
}

/// A schema as a `pyarrow.Schema` (needs pyarrow).
pub fn export_schema<'py>(py: Python<'py>, schema: &SchemaRef) -> PyResult<Bound<'py, PyAny>> {
    let ffi = FFI_ArrowSchema::try_from(schema.as_ref())
        .map_err(|e| PyTypeError::new_err(e.to_string()))?;
    let capsule = PyCapsule::new_with_value(py, ffi, c"arrow_schema")?;
    py.import("pyarrow")?
        .getattr("Schema")?
        .call_method1("_import_from_c_capsule", (capsule,))
}
